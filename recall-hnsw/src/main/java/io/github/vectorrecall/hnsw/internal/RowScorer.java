package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;

/**
 * Scores rows of a contiguous vector array (row = node), higher is better: one row against a
 * query, several rows at once, or two rows against each other. Static, so that the search loop
 * calls the kernels without a virtual call in between.
 */
public final class RowScorer {
  private RowScorer() {}

  /** The score of row {@code node} of {@code data} against {@code q}. */
  static float query(Metric metric, float[] q, float[] data, int node, int dimension) {
    return Vectors.score(metric, q, 0, data, node * dimension, dimension);
  }

  /** The score of two rows of {@code data}. */
  static float rows(Metric metric, float[] data, int a, int b, int dimension) {
    return Vectors.score(metric, data, a * dimension, data, b * dimension, dimension);
  }

  /**
   * Scores several rows at once, each to the bit as {@link #query} would: the kernels load the
   * rows' memory together first, then score them (the SIMD kernels four rows per pass), so that
   * memory loads overlap instead of waiting one after the other.
   */
  static void query(Metric metric, float[] q, float[] data, int[] nodes, int n, int dimension,
      float[] out) {
    if (metric == Metric.L2) {
      Scorer.INSTANCE.squareDistanceRows(q, data, nodes, n, dimension, out);
      for (int i = 0; i < n; i++) {
        out[i] = -out[i];
      }
    } else {
      Scorer.INSTANCE.dotRows(q, data, nodes, n, dimension, out);
    }
  }
}
