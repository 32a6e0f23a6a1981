package io.github.vectorrecall.io;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallIOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The one file format of this library, after Lucene's {@code CodecUtil}: a header (magic number,
 * format name, version), the body, and a footer (magic number, CRC-32 of everything before it).
 * Files are written to a temporary file in the same directory, flushed to disk and renamed into
 * place, so a crash never leaves a half-written file under the real name. Reading verifies the
 * checksum before parsing, so a truncated or damaged file is reported as such and never half
 * loaded. A save killed before its rename leaves its temporary file ({@code <name>.<digits>.tmp});
 * the next write or read of the same path removes it once it is stale ({@link TempFiles}).
 */
public final class ChecksummedFile {
  private static final int MAGIC = 0x56524543; // "VREC"
  private static final int FOOTER_MAGIC = ~MAGIC;
  private static final int FOOTER_BYTES = 4 + 8;
  private static final int MAX_CODEC_LENGTH = 256;
  private static final int MIN_SIZE = 4 + 2 + 4 + FOOTER_BYTES;
  /** Characters of a name read from a file that a message quotes at most. */
  private static final int MAX_QUOTED = 32;
  /** End of the names of temporary files: {@code <file name>.<digits>.tmp}. */
  private static final String TMP_SUFFIX = ".tmp";

  private ChecksummedFile() {}

  /** Writes a body. */
  @FunctionalInterface
  public interface BodyWriter {
    /**
     * Writes the body.
     *
     * @param out the stream, positioned after the header
     * @throws IOException if writing fails
     */
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Reads a body.
   *
   * @param <T> what is read
   */
  @FunctionalInterface
  public interface BodyReader<T> {
    /**
     * Reads the body. Throw {@link CorruptFileException} for values that cannot be right.
     *
     * @param in the stream, positioned after the header; it ends where the body ends
     * @param version the version found in the header
     * @return what was read
     * @throws IOException if reading fails
     */
    T read(DataInputStream in, int version) throws IOException;
  }

  /**
   * Writes a file atomically.
   *
   * @param path target file; its directory must exist
   * @param codec format name, such as "AnnIndex:exact"
   * @param version format version
   * @param body writes the body
   * @throws RecallIOException if writing fails; the target is then untouched
   */
  public static void write(Path path, String codec, int version, BodyWriter body) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(codec, "codec");
    Path abs = path.toAbsolutePath();
    Path tmp = null;
    try {
      Path dir = abs.getParent();
      String prefix = abs.getFileName().toString() + ".";
      TempFiles.removeStale(dir, prefix, TMP_SUFFIX);
      tmp = TempFiles.create(dir, prefix, TMP_SUFFIX);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
        CRC32 crc = new CRC32();
        CheckedOutputStream checked =
            new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
        DataOutputStream out = new DataOutputStream(checked);
        out.writeInt(MAGIC);
        out.writeUTF(codec);
        out.writeInt(version);
        body.write(out);
        out.flush();
        long value = crc.getValue();
        DataOutputStream footer = new DataOutputStream(new BufferedOutputStream(raw, 16));
        footer.writeInt(FOOTER_MAGIC);
        footer.writeLong(value);
        footer.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      TempFiles.release(tmp);
      tmp = null;
    } catch (IOException e) {
      throw new RecallIOException("Cannot write " + path, e);
    } finally {
      TempFiles.delete(tmp);
    }
  }

  /**
   * Reads the format name from a file's header without verifying the whole file: the name may be
   * damaged. Whoever acts on a name it does not recognise calls {@link #verify} first, so that a
   * damaged file is reported as such (see {@code Providers.forFile}).
   *
   * @param path the file
   * @return the format name
   * @throws CorruptFileException if the file does not start with this library's header
   * @throws RecallIOException if it cannot be read
   */
  public static String readCodec(Path path) {
    Objects.requireNonNull(path, "path");
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 512))) {
      return readHeaderCodec(path, in);
    } catch (EOFException e) {
      throw new CorruptFileException(path, "file is truncated: it ends inside its header", e);
    } catch (IOException e) {
      throw new RecallIOException("Cannot read " + path, e);
    }
  }

  /**
   * Verifies a file's checksum, then reads it.
   *
   * @param path the file
   * @param codec the expected format name
   * @param minVersion oldest version this reader understands
   * @param maxVersion newest version this reader understands
   * @param body reads the body
   * @param <T> what is read
   * @return what the body reader returned
   * @throws CorruptFileException if the file is truncated, fails its checksum, has another format
   *     or an unsupported version, or its body is not fully consumed
   * @throws RecallIOException if it cannot be read
   */
  public static <T> T read(
      Path path, String codec, int minVersion, int maxVersion, BodyReader<T> body) {
    Objects.requireNonNull(path, "path");
    try {
      Path abs = path.toAbsolutePath();
      TempFiles.removeStale(abs.getParent(), abs.getFileName() + ".", TMP_SUFFIX);
      long size = checkedSize(path);
      verifyChecksum(path, size);
      try (InputStream raw = Files.newInputStream(path)) {
        LimitedInputStream limited = new LimitedInputStream(raw, size - FOOTER_BYTES);
        DataInputStream in = new DataInputStream(new BufferedInputStream(limited, 1 << 16));
        String found = readHeaderCodec(path, in);
        if (!found.equals(codec)) {
          throw new CorruptFileException(
              path, "expected format " + quote(codec) + " but the file holds " + quote(found));
        }
        int version = in.readInt();
        if (version < minVersion || version > maxVersion) {
          throw new CorruptFileException(
              path,
              "unsupported version " + version + " of format '" + codec + "'; this library reads "
                  + minVersion + " to " + maxVersion);
        }
        T result = body.read(in, version);
        if (in.read() != -1) {
          throw new CorruptFileException(path, "the body has unread bytes at its end");
        }
        return result;
      } catch (EOFException e) {
        throw new CorruptFileException(path, "the body ends before the data it declares", e);
      }
    } catch (IOException e) {
      throw new RecallIOException("Cannot read " + path, e);
    }
  }

  /**
   * Verifies a file's length and checksum without parsing it.
   *
   * @param path the file
   * @throws CorruptFileException if the file is truncated or fails its checksum
   * @throws RecallIOException if it cannot be read
   */
  public static void verify(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      verifyChecksum(path, checkedSize(path));
    } catch (IOException e) {
      throw new RecallIOException("Cannot read " + path, e);
    }
  }

  /**
   * A name read from a file, for a message: in single quotes, at most 32 characters, anything
   * but printable ASCII (and the quote and backslash) escaped as a Java unicode escape, so that a
   * damaged file never puts raw bytes or long text into a message.
   *
   * @param name the name
   * @return the quoted name, with its length when cut
   */
  public static String quote(String name) {
    StringBuilder b = new StringBuilder(MAX_QUOTED + 24).append('\'');
    int n = Math.min(name.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    b.append('\'');
    if (name.length() > n) {
      b.append("... (").append(name.length()).append(" characters)");
    }
    return b.toString();
  }

  private static long checkedSize(Path path) throws IOException {
    long size = Files.size(path);
    if (size < MIN_SIZE) {
      throw new CorruptFileException(path, "file is truncated: only " + size + " bytes");
    }
    return size;
  }

  private static String readHeaderCodec(Path path, DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new CorruptFileException(
          path, String.format("not a VectorRecall file: header magic 0x%08x", magic));
    }
    int len = in.readUnsignedShort();
    if (len > MAX_CODEC_LENGTH) {
      throw new CorruptFileException(path, "format name length " + len + " is implausible");
    }
    byte[] bytes = new byte[len];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void verifyChecksum(Path path, long size) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
    long remaining = size - FOOTER_BYTES;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (remaining > 0) {
        buf.clear();
        if (remaining < buf.capacity()) {
          buf.limit((int) remaining);
        }
        int n = ch.read(buf);
        if (n < 0) {
          throw new CorruptFileException(path, "file shrank while being read");
        }
        buf.flip();
        crc.update(buf);
        remaining -= n;
      }
      ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.BIG_ENDIAN);
      while (footer.hasRemaining()) {
        if (ch.read(footer) < 0) {
          throw new CorruptFileException(path, "file is truncated inside its footer");
        }
      }
      footer.flip();
      int magic = footer.getInt();
      long stored = footer.getLong();
      if (magic != FOOTER_MAGIC) {
        throw new CorruptFileException(
            path, "file is truncated or damaged: no footer at its end");
      }
      if (stored != crc.getValue()) {
        throw new CorruptFileException(
            path,
            String.format(
                "checksum mismatch: stored %08x, computed %08x", stored, crc.getValue()));
      }
    }
  }

  /**
   * Writes floats in bulk (big-endian, as {@link DataOutputStream#writeFloat} would).
   *
   * @param out the stream
   * @param values the floats
   * @param offset first index
   * @param length how many
   * @throws IOException if writing fails
   */
  public static void writeFloats(DataOutputStream out, float[] values, int offset, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(Math.min(length, 4096) * 4);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      buf.clear();
      int n = Math.min(end - i, buf.capacity() / 4);
      buf.asFloatBuffer().put(values, i, n);
      out.write(buf.array(), 0, n * 4);
      i += n;
    }
  }

  /**
   * Reads floats written by {@link #writeFloats}.
   *
   * @param in the stream
   * @param values target array
   * @param offset first index
   * @param length how many
   * @throws IOException if reading fails or the stream ends early
   */
  public static void readFloats(DataInputStream in, float[] values, int offset, int length)
      throws IOException {
    byte[] bytes = new byte[Math.min(length, 4096) * 4];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int n = Math.min(end - i, bytes.length / 4);
      in.readFully(bytes, 0, n * 4);
      buf.clear();
      buf.asFloatBuffer().get(values, i, n);
      i += n;
    }
  }

  /**
   * Reads a non-negative count and checks it against a bound, so that a damaged length never
   * allocates a huge array.
   *
   * @param path the file, for the message
   * @param in the stream
   * @param what what is counted, for the message
   * @param max the largest plausible value
   * @return the count
   * @throws IOException if reading fails
   * @throws CorruptFileException if the count is negative or above max
   */
  public static int readCount(Path path, DataInputStream in, String what, long max)
      throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new CorruptFileException(path, what + " " + n + " is out of range [0, " + max + "]");
    }
    return n;
  }
}
