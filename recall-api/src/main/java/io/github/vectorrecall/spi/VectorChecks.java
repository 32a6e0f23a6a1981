package io.github.vectorrecall.spi;

import io.github.vectorrecall.Metric;
import java.util.Locale;
import java.util.Objects;

/** Argument checks every public entry point that takes a vector runs before delegating. */
public final class VectorChecks {
  /**
   * The largest norm (Euclidean length) a vector may have in an index of metric {@link
   * Metric#INNER_PRODUCT} or {@link Metric#L2}, stored or query: 2<sup>62</sup>, about 4.6e18.
   * Below it, the dot product and the squared distance of any two such vectors, and every partial
   * sum on the way, are at most 2<sup>126</sup>: finite as a float, with room for rounding. Above
   * it a score can overflow to infinity, and infinities make NaN scores that no ranking can hold.
   * {@link Metric#COSINE} normalises vectors first, so it takes any finite vector but zero.
   */
  public static final double MAX_NORM = 0x1p62;

  private VectorChecks() {}

  /**
   * Checks length and finiteness.
   *
   * @param name what the vector is, for the message ("query", "vector for id 7")
   * @param vector the vector
   * @param dimension the required length
   * @return the vector
   * @throws NullPointerException if null
   * @throws IllegalArgumentException naming the bad length or the first non-finite component
   */
  public static float[] check(String name, float[] vector, int dimension) {
    Objects.requireNonNull(vector, name);
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          name + " has dimension " + vector.length + " but the index has dimension " + dimension);
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            name + " has a non-finite component: " + name + "[" + i + "]=" + vector[i]);
      }
    }
    return vector;
  }

  /**
   * Checks length, finiteness and, for {@link Metric#INNER_PRODUCT} and {@link Metric#L2}, that
   * the norm is at most {@link #MAX_NORM}.
   *
   * @param name what the vector is, for the message ("query", "vector for id 7")
   * @param vector the vector
   * @param dimension the required length
   * @param metric the metric of the index
   * @return the vector
   * @throws NullPointerException if null
   * @throws IllegalArgumentException naming the bad length, the first non-finite component, or
   *     the norm above the limit
   */
  public static float[] check(String name, float[] vector, int dimension, Metric metric) {
    check(name, vector, dimension);
    checkNorm(name, vector, metric);
    return vector;
  }

  /**
   * Checks that a finite vector can be scored under a metric without overflow: its norm is at
   * most {@link #MAX_NORM} for {@link Metric#INNER_PRODUCT} and {@link Metric#L2}. Any finite
   * vector passes for {@link Metric#COSINE}, which scores normalised copies.
   *
   * @param name what the vector is, for the message
   * @param vector the vector, finite
   * @param metric the metric of the index
   * @throws IllegalArgumentException if the norm is above the limit, naming both
   */
  public static void checkNorm(String name, float[] vector, Metric metric) {
    Objects.requireNonNull(metric, "metric");
    if (metric == Metric.COSINE) {
      return;
    }
    double norm = norm(vector);
    if (norm > MAX_NORM) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s has norm %.3g, above the limit %.3g (2^62) of metric %s: its scores would overflow"
              + " a float; scale the vectors down, or use COSINE", name, norm, MAX_NORM, metric));
    }
  }

  /**
   * The Euclidean norm, computed in double so that no finite float vector overflows or
   * underflows on the way.
   *
   * @param vector the vector
   * @return its norm
   */
  public static double norm(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /**
   * Checks {@code k} against the index size.
   *
   * @param k requested results
   * @param size items in the index
   * @throws IllegalArgumentException if {@code k <= 0} or {@code k > size}
   */
  public static void checkK(int k, int size) {
    checkPositiveK(k);
    if (k > size) {
      throw new IllegalArgumentException(
          "k=" + k + " is larger than the index, which holds " + size + " items");
    }
  }

  /**
   * Checks a requested result count on its own, where it is set (builders, queries).
   *
   * @param k requested results
   * @throws IllegalArgumentException if {@code k <= 0}
   */
  public static void checkPositiveK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
  }

  /**
   * Checks a search effort.
   *
   * @param ef requested effort, 0 for the default
   * @throws IllegalArgumentException if negative
   */
  public static void checkEf(int ef) {
    if (ef < 0) {
      throw new IllegalArgumentException("ef must be >= 0 (0 for the default); ef=" + ef);
    }
  }
}
