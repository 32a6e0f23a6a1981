package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import io.github.vectorrecall.spi.VectorChecks;

/** Vector helpers shared by the index implementations. */
public final class Vectors {
  private Vectors() {}

  /**
   * Copies a vector, normalising it when the metric is cosine (so that cosine becomes a dot
   * product); for the other metrics, first checks that its norm is at most {@link
   * VectorChecks#MAX_NORM}. The normalisation divides by the largest component before squaring,
   * in double, so vectors of huge (1e20) or tiny (1e-30, subnormal) components normalise to unit
   * length rather than to zero or to "a zero vector".
   *
   * @param name what the vector is, for the message
   * @param v the vector, already checked for length and finiteness
   * @param metric the index metric
   * @return a new array
   * @throws IllegalArgumentException if the metric is cosine and the vector is zero, or another
   *     metric and its norm is above the limit
   */
  public static float[] prepare(String name, float[] v, Metric metric) {
    if (metric != Metric.COSINE) {
      VectorChecks.checkNorm(name, v, metric);
      return v.clone();
    }
    double max = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    if (max == 0) {
      throw new IllegalArgumentException(name + " is a zero vector, which has no cosine");
    }
    double sum = 0;
    for (float x : v) {
      double scaled = x / max;
      sum += scaled * scaled;
    }
    double norm = Math.sqrt(sum); // of v / max: between 1 and sqrt(v.length)
    float[] copy = new float[v.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = (float) (v[i] / max / norm);
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
    return score(metric, q, 0, data, row * q.length, q.length);
  }

  /**
   * Scores two vectors stored in arrays at offsets with the {@link Scorer} this JVM uses.
   *
   * @param metric the metric (cosine vectors are prepared, so it is a dot product)
   * @param a first array
   * @param offA offset of the first vector
   * @param b second array
   * @param offB offset of the second vector
   * @param dimension vector length
   * @return higher-is-better score: the dot product, or minus the squared L2 distance
   */
  public static float score(Metric metric, float[] a, int offA, float[] b, int offB,
      int dimension) {
    return metric == Metric.L2
        ? -Scorer.INSTANCE.squareDistance(a, offA, b, offB, dimension)
        : Scorer.INSTANCE.dot(a, offA, b, offB, dimension);
  }
}
