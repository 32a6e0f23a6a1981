package io.github.vectorrecall;

/**
 * How two vectors are compared. Every score in this library is "higher is better", whatever the
 * metric, so that results of different indexes can be merged and compared directly.
 *
 * <ul>
 *   <li>{@link #INNER_PRODUCT}: the dot product. For L2-normalised vectors (what the two-tower
 *       encoders produce) it equals the cosine similarity.
 *   <li>{@link #COSINE}: the dot product of the normalised vectors; zero vectors are rejected.
 *   <li>{@link #L2}: the negated squared Euclidean distance, so the nearest vector scores highest.
 * </ul>
 */
public enum Metric {
  /** Dot product, higher is more similar. */
  INNER_PRODUCT {
    @Override
    public float score(float[] a, float[] b) {
      return dot(a, b);
    }
  },
  /** Cosine similarity in [-1, 1]. */
  COSINE {
    @Override
    public float score(float[] a, float[] b) {
      // In double: the norms and the dot product of any finite float vectors neither overflow
      // nor underflow there (components of 1e20 or 1e-30 square to 1e40 and 1e-60).
      double dot = 0;
      double aa = 0;
      double bb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += (double) a[i] * b[i];
        aa += (double) a[i] * a[i];
        bb += (double) b[i] * b[i];
      }
      return (float) (dot / (Math.sqrt(aa) * Math.sqrt(bb)));
    }
  },
  /** Negated squared Euclidean distance: 0 for identical vectors, negative otherwise. */
  L2 {
    @Override
    public float score(float[] a, float[] b) {
      float sum = 0f;
      for (int i = 0; i < a.length; i++) {
        float d = a[i] - b[i];
        sum += d * d;
      }
      return -sum;
    }
  };

  /**
   * Scores two vectors of the same length; higher is better.
   *
   * @param a first vector
   * @param b second vector, same length as {@code a}
   * @return the similarity score under this metric
   */
  public abstract float score(float[] a, float[] b);

  /**
   * Plain dot product with four accumulators.
   *
   * @param a first vector
   * @param b second vector, same length as {@code a}
   * @return the sum of element-wise products
   */
  public static float dot(float[] a, float[] b) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = a.length & ~3;
    for (; i < bound; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
