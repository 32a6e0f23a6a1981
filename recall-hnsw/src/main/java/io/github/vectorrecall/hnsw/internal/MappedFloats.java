package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.RecallIOException;
import io.github.vectorrecall.io.TempFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Float vectors in a memory-mapped temporary file, row after row, off the Java heap: the store
 * of a {@link io.github.vectorrecall.VectorStorage#MAPPED} index. Java 17 maps at most 2 GiB per
 * buffer, so the file is mapped in chunks of a power-of-two number of rows (64 MiB by default),
 * a row never straddling two; the file grows a chunk at a time as rows are written, and chunks
 * once mapped never move, so a larger graph shares this store with the one it replaces.
 *
 * <p>One writer ({@link #set}) while any number of readers ({@link #get}) run: reads are
 * absolute bulk gets on the chunks, which touch no shared position; the writer publishes a new
 * chunk through a volatile array before it writes into it, and a reader reads only rows that the
 * graph's volatile count covers, written before the count was raised.
 *
 * <p>{@link #close} closes the channel and deletes the file; the mapping itself is released by
 * the garbage collector (Java 17 has no safe unmap), so a search still running on a replaced
 * graph reads valid memory, and the disk space returns when the last buffer is collected.
 */
public final class MappedFloats {
  /** Bytes mapped per chunk by default. */
  public static final long DEFAULT_CHUNK_BYTES = 64L << 20;
  /** The suffix of the mapped files' names. */
  public static final String SUFFIX = ".f32";

  private final Path file;
  private final FileChannel channel;
  private final int dimension;
  /** log2 of the rows per chunk. */
  private final int shift;
  private final int mask;
  /** The mapped chunks, each {@code 1 << shift} rows; replaced, never changed, when it grows. */
  private volatile FloatBuffer[] chunks = new FloatBuffer[0];
  private volatile boolean closed;

  private MappedFloats(Path file, FileChannel channel, int dimension, int rowsPerChunk) {
    this.file = file;
    this.channel = channel;
    this.dimension = dimension;
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
  }

  /**
   * Creates an empty store in a new temporary file.
   *
   * @param dir the directory, or null for the system temporary directory
   * @param prefix the start of the file's name
   * @param dimension floats per row
   * @param chunkBytes bytes per mapped chunk, at most 1 GiB; rounded down to a power-of-two
   *     number of rows, at least one
   * @return the store; the caller closes it
   * @throws RecallIOException if the file cannot be created
   * @throws IllegalArgumentException if the dimension or the chunk size is not positive, or the
   *     chunk size is above 1 GiB
   */
  public static MappedFloats create(Path dir, String prefix, int dimension, long chunkBytes) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
    if (chunkBytes < 1 || chunkBytes > 1L << 30) {
      throw new IllegalArgumentException(
          "chunkBytes must be in [1, 2^30]; chunkBytes=" + chunkBytes);
    }
    long rows = Math.max(1, chunkBytes / (4L * dimension));
    int rowsPerChunk = Integer.highestOneBit((int) Math.min(rows, 1 << 30));
    Path file = null;
    try {
      file = TempFiles.create(dir, prefix, SUFFIX);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      return new MappedFloats(file, channel, dimension, rowsPerChunk);
    } catch (IOException e) {
      TempFiles.delete(file);
      throw new RecallIOException("Cannot create the mapped vector file in "
          + (dir == null ? "the temporary directory" : dir), e);
    }
  }

  /** @return the file */
  public Path file() {
    return file;
  }

  /** @return rows per mapped chunk */
  int rowsPerChunk() {
    return mask + 1;
  }

  /**
   * Writes one row, mapping another chunk first when the row is beyond the mapped ones; by the
   * one writer.
   *
   * @param row the row
   * @param src the vector's array
   * @param offset where the vector starts
   * @throws IllegalStateException if the store is closed
   * @throws RecallIOException if the file cannot grow
   */
  public void set(int row, float[] src, int offset) {
    FloatBuffer[] c = chunks;
    int chunk = row >>> shift;
    if (chunk >= c.length) {
      c = grow(chunk + 1);
    }
    c[chunk].put((row & mask) * dimension, src, offset, dimension);
  }

  /**
   * Reads one row; safe from any number of threads at once.
   *
   * @param row the row, written before
   * @param dst where to copy it
   * @param offset where in {@code dst}
   */
  public void get(int row, float[] dst, int offset) {
    chunks[row >>> shift].get((row & mask) * dimension, dst, offset, dimension);
  }

  private FloatBuffer[] grow(int needed) {
    if (closed) {
      throw new IllegalStateException("The mapped vector file " + file + " is closed");
    }
    FloatBuffer[] c = chunks;
    FloatBuffer[] bigger = Arrays.copyOf(c, needed);
    long chunkBytes = 4L * dimension * (mask + 1);
    try {
      for (int i = c.length; i < needed; i++) {
        bigger[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * chunkBytes, chunkBytes)
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
    } catch (IOException e) {
      throw new RecallIOException("Cannot grow the mapped vector file " + file + " to "
          + needed * chunkBytes + " bytes", e);
    }
    chunks = bigger;
    return bigger;
  }

  /**
   * Heap held by this store: the chunk array and buffer objects, not the mapped floats.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    return 64 + 80L * chunks.length;
  }

  /**
   * Closes the channel and deletes the file; idempotent. Rows already mapped stay readable until
   * the buffers are garbage collected; rows beyond them can no longer be written.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // the file is deleted below; nothing the caller could do about a failed close
    } finally {
      TempFiles.delete(file);
    }
  }

  /** @return whether {@link #close} was called */
  public boolean isClosed() {
    return closed;
  }
}
