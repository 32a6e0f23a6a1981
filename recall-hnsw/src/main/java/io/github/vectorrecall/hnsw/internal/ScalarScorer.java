package io.github.vectorrecall.hnsw.internal;

/** Plain Java kernels with four independent accumulators. */
public final class ScalarScorer extends Scorer {
  @Override
  public float dot(float[] a, int offA, float[] b, int offB, int dimension) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = dimension & ~3;
    for (; i < bound; i += 4) {
      s0 += a[offA + i] * b[offB + i];
      s1 += a[offA + i + 1] * b[offB + i + 1];
      s2 += a[offA + i + 2] * b[offB + i + 2];
      s3 += a[offA + i + 3] * b[offB + i + 3];
    }
    for (; i < dimension; i++) {
      s0 += a[offA + i] * b[offB + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squareDistance(float[] a, int offA, float[] b, int offB, int dimension) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    int bound = dimension & ~3;
    for (; i < bound; i += 4) {
      float d0 = a[offA + i] - b[offB + i];
      float d1 = a[offA + i + 1] - b[offB + i + 1];
      float d2 = a[offA + i + 2] - b[offB + i + 2];
      float d3 = a[offA + i + 3] - b[offB + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < dimension; i++) {
      float d = a[offA + i] - b[offB + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public String describe() {
    return "scalar";
  }
}
