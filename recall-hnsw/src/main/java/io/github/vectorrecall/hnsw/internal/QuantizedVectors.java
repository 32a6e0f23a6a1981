package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import java.util.Arrays;

/**
 * The int8 codes of an index's vectors, row for row beside the floats: the quantizer that made
 * them, the codes ({@code dimension} bytes per row) and, for {@link Metric#L2}, each row's
 * squared norm (the int8 score of L2 needs it). The floats stay for re-ranking, on the heap or
 * in a mapped file ({@link FloatRows}).
 *
 * <p>Written by the index's one writer; searches read rows below the count they read, whose
 * codes were written before the count was raised (as the floats are).
 */
public final class QuantizedVectors {
  /** Rows an index holds before it fits its quantizer: fewer would fit a poor one. */
  public static final int MIN_FIT_ROWS = 1000;

  final ScalarQuantizer quantizer;
  final int dimension;
  final byte[] codes;
  /** Squared norms for L2, else null. */
  final float[] squaredNorms;

  private QuantizedVectors(ScalarQuantizer quantizer, byte[] codes, float[] squaredNorms) {
    this.quantizer = quantizer;
    this.dimension = quantizer.dimension();
    this.codes = codes;
    this.squaredNorms = squaredNorms;
  }

  /**
   * Codes for rows {@code [0, rows)} of a float matrix, with room for {@code capacity} rows.
   *
   * @param quantizer the quantizer
   * @param metric the index's metric
   * @param data the float rows
   * @param rows rows to encode now
   * @param capacity rows to make room for, at least {@code rows}
   * @return the codes
   */
  public static QuantizedVectors encode(ScalarQuantizer quantizer, Metric metric, FloatRows data,
      int rows, int capacity) {
    int dimension = quantizer.dimension();
    QuantizedVectors qv = new QuantizedVectors(quantizer,
        new byte[Math.multiplyExact(capacity, dimension)],
        metric == Metric.L2 ? new float[capacity] : null);
    float[] row = new float[dimension];
    for (int r = 0; r < rows; r++) {
      data.get(r, row, 0);
      qv.set(r, row, 0);
    }
    return qv;
  }

  /**
   * Writes the codes of one row.
   *
   * @param row the row
   * @param src the float vector's array
   * @param offset where the vector starts
   */
  public void set(int row, float[] src, int offset) {
    quantizer.quantize(src, offset, codes, row * dimension);
    if (squaredNorms != null) {
      squaredNorms[row] = Scorer.INSTANCE.dot(src, offset, src, offset, dimension);
    }
  }

  /**
   * Moves the codes of row {@code from} to row {@code to} (an exact index filling a freed row).
   *
   * @param from source row
   * @param to target row
   */
  public void move(int from, int to) {
    System.arraycopy(codes, from * dimension, codes, to * dimension, dimension);
    if (squaredNorms != null) {
      squaredNorms[to] = squaredNorms[from];
    }
  }

  /**
   * A copy with room for {@code capacity} rows.
   *
   * @param capacity rows
   * @return the copy
   */
  public QuantizedVectors withCapacity(int capacity) {
    return new QuantizedVectors(quantizer,
        Arrays.copyOf(codes, Math.multiplyExact(capacity, dimension)),
        squaredNorms == null ? null : Arrays.copyOf(squaredNorms, capacity));
  }

  /** @return the quantizer */
  public ScalarQuantizer quantizer() {
    return quantizer;
  }

  /** @return the codes, row-major */
  public byte[] codes() {
    return codes;
  }

  /** @return squared norms for L2, else null */
  public float[] squaredNorms() {
    return squaredNorms;
  }

  /** @return heap held by the codes, norms and quantizer */
  public long ramBytesUsed() {
    return codes.length + (squaredNorms == null ? 0 : 4L * squaredNorms.length)
        + quantizer.ramBytesUsed();
  }
}
