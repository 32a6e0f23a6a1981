package io.github.vectorrecall.spi;

import java.util.Objects;

/** Argument checks every public entry point that takes a vector runs before delegating. */
public final class VectorChecks {
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
   * Checks {@code k} against the index size.
   *
   * @param k requested results
   * @param size items in the index
   * @throws IllegalArgumentException if {@code k <= 0} or {@code k > size}
   */
  public static void checkK(int k, int size) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
    if (k > size) {
      throw new IllegalArgumentException(
          "k=" + k + " is larger than the index, which holds " + size + " items");
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
