package io.github.vectorrecall.hnsw.internal;

/** Plain Java kernels: eight independent sums for the dot product, four for the distance. */
public final class ScalarScorer extends Scorer {
  @Override
  public float dot(float[] a, int offA, float[] b, int offB, int dimension) {
    // Eight independent sums: a float add waits for the previous one (3-4 cycles) and the CPU
    // can start two per cycle, so fewer accumulators leave the adders idle.
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int i = 0;
    int bound = dimension & ~7;
    for (; i < bound; i += 8) {
      int x = offA + i;
      int y = offB + i;
      s0 += a[x] * b[y];
      s1 += a[x + 1] * b[y + 1];
      s2 += a[x + 2] * b[y + 2];
      s3 += a[x + 3] * b[y + 3];
      s4 += a[x + 4] * b[y + 4];
      s5 += a[x + 5] * b[y + 5];
      s6 += a[x + 6] * b[y + 6];
      s7 += a[x + 7] * b[y + 7];
    }
    for (; i < dimension; i++) {
      s0 += a[offA + i] * b[offB + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
