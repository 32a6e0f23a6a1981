package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;

/** Vector helpers shared by the index implementations. */
public final class Vectors {
  private Vectors() {}

  /**
   * Copies a vector, normalising it when the metric is cosine (so that cosine becomes a dot
   * product).
   *
   * @param name what the vector is, for the message
   * @param v the vector, already checked for length and finiteness
   * @param metric the index metric
   * @return a new array
   * @throws IllegalArgumentException if the metric is cosine and the vector is zero
   */
  public static float[] prepare(String name, float[] v, Metric metric) {
    float[] copy = v.clone();
    if (metric == Metric.COSINE) {
      double norm = Math.sqrt(Metric.dot(v, v));
      if (norm == 0) {
        throw new IllegalArgumentException(name + " is a zero vector, which has no cosine");
      }
      float inv = (float) (1.0 / norm);
      for (int i = 0; i < copy.length; i++) {
        copy[i] *= inv;
      }
    }
    return copy;
  }

  /**
   * Scores a prepared query against row {@code row} of a row-major matrix.
   *
   * @param metric the metric (cosine vectors are prepared, so it is a dot product)
   * @param q prepared query
   * @param data matrix
   * @param row row index
   * @return higher-is-better score
   */
  public static float score(Metric metric, float[] q, float[] data, int row) {
    int off = row * q.length;
    if (metric == Metric.L2) {
      float s0 = 0f;
      float s1 = 0f;
      int i = 0;
      int bound = q.length & ~1;
      for (; i < bound; i += 2) {
        float d0 = q[i] - data[off + i];
        float d1 = q[i + 1] - data[off + i + 1];
        s0 += d0 * d0;
        s1 += d1 * d1;
      }
      for (; i < q.length; i++) {
        float d = q[i] - data[off + i];
        s0 += d * d;
      }
      return -(s0 + s1);
    }
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = q.length & ~3;
    for (; i < bound; i += 4) {
      s0 += q[i] * data[off + i];
      s1 += q[i + 1] * data[off + i + 1];
      s2 += q[i + 2] * data[off + i + 2];
      s3 += q[i + 3] * data[off + i + 3];
    }
    for (; i < q.length; i++) {
      s0 += q[i] * data[off + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
