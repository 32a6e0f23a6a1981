package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import java.util.Arrays;

/**
 * The int8 codes of an index's vectors, row for row beside the floats: the quantizer that made
 * them, the codes ({@code dimension} bytes per row) and, for {@link Metric#L2}, each row's
 * squared norm (the int8 score of L2 needs it). The floats stay for re-ranking, on the heap or
 * in a mapped file ({@link FloatRows}).
 *
 * <p>With {@link Scorer#blockedBytes() SIMD block kernels}, the codes are also kept in the
 * blocked layout of {@link Scorer#scoreBytesBlock} (16 rows side by side per dimension), which an
 * exact int8 scan reads: a second copy of the codes, {@code dimension} bytes a row, for a scan
 * about twice as fast. An index whose floats are memory-mapped does without it, to keep the heap
 * small.
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
  /** The codes in the blocked layout, or null. */
  final byte[] blocked;
  /** Squared norms for L2 (a whole number of blocks long), else null. */
  final float[] squaredNorms;

  private QuantizedVectors(ScalarQuantizer quantizer, byte[] codes, byte[] blocked,
      float[] squaredNorms) {
    this.quantizer = quantizer;
    this.dimension = quantizer.dimension();
    this.codes = codes;
    this.blocked = blocked;
    this.squaredNorms = squaredNorms;
  }

  /** Rows rounded up to whole blocks. */
  private static int blockRows(int rows) {
    return Math.addExact(rows, Scorer.BYTE_BLOCK - 1) / Scorer.BYTE_BLOCK * Scorer.BYTE_BLOCK;
  }

  /** Where component 0 of a row lies in the blocked layout; component d is 16 d further. */
  private int blockedOffset(int row) {
    return (row / Scorer.BYTE_BLOCK) * dimension * Scorer.BYTE_BLOCK + row % Scorer.BYTE_BLOCK;
  }

  /**
   * Codes for rows {@code [0, rows)} of a float matrix, with room for {@code capacity} rows.
   *
   * @param quantizer the quantizer
   * @param metric the index's metric
   * @param data the float rows
   * @param rows rows to encode now
   * @param capacity rows to make room for, at least {@code rows}
   * @param blocked whether to keep the blocked copy too
   * @return the codes
   */
  public static QuantizedVectors encode(ScalarQuantizer quantizer, Metric metric, FloatRows data,
      int rows, int capacity, boolean blocked) {
    int dimension = quantizer.dimension();
    int padded = blockRows(capacity);
    QuantizedVectors qv = new QuantizedVectors(quantizer,
        new byte[Math.multiplyExact(capacity, dimension)],
        blocked ? new byte[Math.multiplyExact(padded, dimension)] : null,
        metric == Metric.L2 ? new float[padded] : null);
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
    copyToBlocked(row);
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
    copyToBlocked(to);
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
    int padded = blockRows(capacity);
    return new QuantizedVectors(quantizer,
        Arrays.copyOf(codes, Math.multiplyExact(capacity, dimension)),
        blocked == null ? null : Arrays.copyOf(blocked, Math.multiplyExact(padded, dimension)),
        squaredNorms == null ? null : Arrays.copyOf(squaredNorms, padded));
  }

  /** Copies a row's codes into the blocked layout, if kept. */
  private void copyToBlocked(int row) {
    if (blocked != null) {
      int from = row * dimension;
      int to = blockedOffset(row);
      for (int d = 0; d < dimension; d++) {
        blocked[to + d * Scorer.BYTE_BLOCK] = codes[from + d];
      }
    }
  }

  /** @return the quantizer */
  public ScalarQuantizer quantizer() {
    return quantizer;
  }

  /** @return the codes, row-major */
  public byte[] codes() {
    return codes;
  }

  /** @return the codes in the blocked layout of {@link Scorer#scoreBytesBlock}, or null */
  public byte[] blocked() {
    return blocked;
  }

  /** @return squared norms for L2, else null */
  public float[] squaredNorms() {
    return squaredNorms;
  }

  /** @return heap held by the codes, norms and quantizer */
  public long ramBytesUsed() {
    return codes.length + (blocked == null ? 0 : blocked.length)
        + (squaredNorms == null ? 0 : 4L * squaredNorms.length)
        + quantizer.ramBytesUsed();
  }
}
