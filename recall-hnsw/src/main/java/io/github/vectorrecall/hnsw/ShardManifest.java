package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The file that makes a set of index files one sharded index: dimension, metric, and for each
 * shard its file name (a sibling of the manifest) and item count. It is a {@link ChecksummedFile}
 * with the format name {@code "AnnIndex:sharded"}, so {@link io.github.vectorrecall.AnnIndex#load}
 * opens it with the {@value ShardedAnnIndex#NAME} provider. Each shard file is itself a
 * checksummed index file of any provider.
 *
 * <p>Items are placed by {@link #shardOf(long, int)}, a fixed hash of the id, so every writer
 * (one JVM or a Spark job) puts an id in the same shard. Write the shard files first and the
 * manifest last: a reader never sees a manifest whose shards are missing.
 *
 * @param dimension vector length of every shard
 * @param metric metric of every shard
 * @param shards the shards, in shard-number order
 */
public record ShardManifest(int dimension, Metric metric, List<Shard> shards) {
  /** Format name of the manifest file. */
  public static final String CODEC = AnnIndexProvider.CODEC_PREFIX + ShardedAnnIndex.NAME;
  /** Format version written. */
  public static final int VERSION = 1;
  /** Most shards a manifest may list. */
  public static final int MAX_SHARDS = 1 << 16;

  /**
   * One shard.
   *
   * @param file file name, resolved against the manifest's directory
   * @param size items in the shard
   */
  public record Shard(String file, int size) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the name is empty or holds a path separator, or the
     *     size is negative
     */
    public Shard {
      Objects.requireNonNull(file, "file");
      if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals("..")) {
        throw new IllegalArgumentException(
            "shard file must be a plain file name beside the manifest; file='" + file + "'");
      }
      if (size < 0) {
        throw new IllegalArgumentException("shard size must be >= 0; size=" + size);
      }
    }
  }

  /**
   * Checks the values and copies the list.
   *
   * @throws IllegalArgumentException if the dimension is not positive, or there are no shards or
   *     more than {@link #MAX_SHARDS}
   */
  public ShardManifest {
    Objects.requireNonNull(metric, "metric");
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
    shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
    if (shards.isEmpty() || shards.size() > MAX_SHARDS) {
      throw new IllegalArgumentException("a sharded index needs 1 to " + MAX_SHARDS
          + " shards; shards=" + shards.size());
    }
  }

  /**
   * The shard an id belongs to: a 64-bit mix of the id (SplitMix64's finaliser) modulo the shard
   * count, so consecutive ids spread evenly.
   *
   * @param id item id
   * @param shardCount number of shards
   * @return the shard number, 0 to {@code shardCount - 1}
   * @throws IllegalArgumentException if shardCount is not positive
   */
  public static int shardOf(long id, int shardCount) {
    if (shardCount <= 0) {
      throw new IllegalArgumentException("shardCount must be positive; shardCount=" + shardCount);
    }
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) Long.remainderUnsigned(z, shardCount);
  }

  /**
   * The conventional file name of shard {@code i}: {@code shard-00003.bin}.
   *
   * @param i shard number
   * @return the name
   */
  public static String shardFileName(int i) {
    return String.format("shard-%05d.bin", i);
  }

  /**
   * Total items over all shards.
   *
   * @return the sum of the shard sizes
   */
  public long size() {
    long n = 0;
    for (Shard s : shards) {
      n += s.size();
    }
    return n;
  }

  /**
   * Writes the manifest atomically (temporary file, then rename).
   *
   * @param path the manifest file; its directory must exist
   * @throws io.github.vectorrecall.RecallIOException if writing fails
   */
  public void write(Path path) {
    ChecksummedFile.write(path, CODEC, VERSION, out -> {
      out.writeInt(dimension);
      out.writeUTF(metric.name());
      out.writeInt(shards.size());
      for (Shard s : shards) {
        out.writeUTF(s.file());
        out.writeInt(s.size());
      }
    });
  }

  /**
   * Reads a manifest after verifying its checksum.
   *
   * @param path the manifest file
   * @return the manifest
   * @throws CorruptFileException if the file is damaged, not a manifest, or holds bad values
   * @throws io.github.vectorrecall.RecallIOException if it cannot be read
   */
  public static ShardManifest read(Path path) {
    return ChecksummedFile.read(path, CODEC, VERSION, VERSION, (in, version) -> {
      int dimension = in.readInt();
      String metricName = in.readUTF();
      Metric metric;
      try {
        metric = Metric.valueOf(metricName);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(path, "unknown metric " + ChecksummedFile.quote(metricName), e);
      }
      int count = ChecksummedFile.readCount(path, in, "shards", MAX_SHARDS);
      List<Shard> shards = new ArrayList<>(count);
      try {
        for (int i = 0; i < count; i++) {
          shards.add(new Shard(in.readUTF(), in.readInt()));
        }
        return new ShardManifest(dimension, metric, shards);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(path, e.getMessage(), e);
      }
    });
  }
}
