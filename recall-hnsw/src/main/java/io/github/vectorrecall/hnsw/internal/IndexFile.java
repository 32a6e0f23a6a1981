package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The saved form of an index that keeps its vectors: settings, ids and vectors in one {@link
 * ChecksummedFile}. Vectors are stored as given to the index (normalised for cosine).
 *
 * @param metric metric
 * @param dimension vector length
 * @param m graph degree
 * @param efConstruction build effort
 * @param efSearch default search effort
 * @param ids item ids
 * @param vectors row-major vectors, {@code ids.length * dimension} floats
 */
public record IndexFile(
    Metric metric, int dimension, int m, int efConstruction, int efSearch, long[] ids,
    float[] vectors) {

  /** Current format version. */
  public static final int VERSION = 1;

  private static final int MAX_DIMENSION = 1 << 16;

  /**
   * The settings of an index rebuilt from this file, sized for its items.
   *
   * @return the configuration
   */
  public IndexConfig config() {
    return IndexConfig.builder(dimension)
        .metric(metric)
        .m(m)
        .efConstruction(efConstruction)
        .efSearch(efSearch)
        .expectedSize(Math.max(1, ids.length))
        .build();
  }

  /**
   * Writes the file.
   *
   * @param path target
   * @param provider provider name, recorded in the format name
   */
  public void write(Path path, String provider) {
    ChecksummedFile.write(
        path,
        AnnIndexProvider.CODEC_PREFIX + provider,
        VERSION,
        out -> {
          new Header(metric, dimension, m, efConstruction, efSearch).write(out);
          out.writeInt(ids.length);
          writeIds(out, ids);
          ChecksummedFile.writeFloats(out, vectors, 0, ids.length * dimension);
        });
  }

  private static void writeIds(DataOutputStream out, long[] ids) throws IOException {
    for (long id : ids) {
      out.writeLong(id);
    }
  }

  /**
   * Reads and checks a file.
   *
   * @param path the file
   * @param provider provider name expected in the format name
   * @return the contents
   * @throws CorruptFileException if damaged
   */
  public static IndexFile read(Path path, String provider) {
    return ChecksummedFile.read(
        path,
        AnnIndexProvider.CODEC_PREFIX + provider,
        VERSION,
        VERSION,
        (in, version) -> readBody(path, in));
  }

  /**
   * The settings every index file starts with, in this order: the metric by name, the
   * dimension, M, efConstruction and efSearch. Read without range checks beyond the counts'
   * limits: each format checks what it needs.
   *
   * @param metric metric
   * @param dimension vector length
   * @param m graph degree
   * @param efConstruction build effort
   * @param efSearch default search effort
   */
  public record Header(Metric metric, int dimension, int m, int efConstruction, int efSearch) {
    /**
     * The header of an index's settings.
     *
     * @param config the settings
     * @return the header
     */
    public static Header of(IndexConfig config) {
      return new Header(config.metric(), config.dimension(), config.m(), config.efConstruction(),
          config.efSearch());
    }

    /**
     * Writes the header.
     *
     * @param out the stream
     * @throws IOException if writing fails
     */
    public void write(DataOutputStream out) throws IOException {
      out.writeUTF(metric.name());
      out.writeInt(dimension);
      out.writeInt(m);
      out.writeInt(efConstruction);
      out.writeInt(efSearch);
    }

    /**
     * Reads a header.
     *
     * @param path the file, for messages
     * @param in the stream
     * @return the header
     * @throws CorruptFileException if the metric is unknown or a count is negative or too large
     * @throws IOException if reading fails
     */
    public static Header read(Path path, DataInputStream in) throws IOException {
      Metric metric = readMetric(path, in);
      int dimension = ChecksummedFile.readCount(path, in, "dimension", MAX_DIMENSION);
      int m = ChecksummedFile.readCount(path, in, "M", 1 << 12);
      int efc = ChecksummedFile.readCount(path, in, "efConstruction", 1 << 20);
      int ef = ChecksummedFile.readCount(path, in, "efSearch", 1 << 20);
      return new Header(metric, dimension, m, efc, ef);
    }

    /**
     * A builder of the settings of an index loaded with this header; the values must be valid.
     *
     * @return the builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public IndexConfig.Builder configBuilder() {
      return IndexConfig.builder(dimension).metric(metric).m(m).efConstruction(efConstruction)
          .efSearch(efSearch);
    }
  }

  /** Reads a metric written by its name; a name that is not a metric is a corrupt file. */
  private static Metric readMetric(Path path, DataInputStream in) throws IOException {
    String metricName = in.readUTF();
    try {
      return Metric.valueOf(metricName);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(path, "unknown metric '" + metricName + "'", e);
    }
  }

  private static IndexFile readBody(Path path, DataInputStream in) throws IOException {
    Header h = Header.read(path, in);
    int dimension = h.dimension();
    if (dimension == 0) {
      throw new CorruptFileException(path, "dimension 0");
    }
    int n = ChecksummedFile.readCount(path, in, "item count", Integer.MAX_VALUE / dimension);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = in.readLong();
    }
    float[] vectors = new float[n * dimension];
    ChecksummedFile.readFloats(in, vectors, 0, vectors.length);
    return new IndexFile(h.metric(), dimension, Math.max(h.m(), 2),
        Math.max(h.efConstruction(), 1), Math.max(h.efSearch(), 1), ids, vectors);
  }
}
