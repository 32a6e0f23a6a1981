package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;

/**
 * One query prepared for scoring int8 codes in a graph walk: its codes and scale, and a buffer
 * of integer dot products. Kept per thread in the searcher's scratch, so a walk allocates
 * nothing. Scores rank like the float scores they approximate (higher is better) but are not on
 * their scale: for inner product and cosine the integer dot product itself (the query's bias and
 * scale are the same for every item), for L2 {@code 2 t dot - ‖x‖²}.
 */
final class Int8Query {
  private byte[] codes = new byte[0];
  private int[] dots = new int[0];
  private QuantizedVectors vectors;
  private float twoT;
  private boolean l2;

  /**
   * Prepares a query.
   *
   * @param qv the codes it is scored against
   * @param metric the metric
   * @param q the prepared float query
   * @param batch the most rows scored in one call
   */
  void prepare(QuantizedVectors qv, Metric metric, float[] q, int batch) {
    if (codes.length < qv.dimension) {
      codes = new byte[qv.dimension];
    }
    if (dots.length < batch) {
      dots = new int[batch];
    }
    vectors = qv;
    l2 = metric == Metric.L2;
    twoT = 2 * qv.quantizer.quantizeQuery(q, codes);
  }

  /** The int8 score of one row. */
  float score(int row) {
    QuantizedVectors qv = vectors;
    int dot = Scorer.INSTANCE.dotBytes(codes, 0, qv.codes, row * qv.dimension, qv.dimension);
    return l2 ? twoT * dot - qv.squaredNorms[row] : dot;
  }

  /** The int8 scores of several rows, in order. */
  void score(int[] rows, int n, float[] out) {
    QuantizedVectors qv = vectors;
    int[] d = dots;
    Scorer.INSTANCE.dotBytesRows(codes, qv.codes, rows, n, qv.dimension, d);
    if (l2) {
      float[] norms = qv.squaredNorms;
      for (int i = 0; i < n; i++) {
        out[i] = twoT * d[i] - norms[rows[i]];
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = d[i];
      }
    }
  }
}
