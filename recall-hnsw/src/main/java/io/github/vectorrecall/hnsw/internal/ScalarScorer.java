package io.github.vectorrecall.hnsw.internal;

/**
 * Plain Java kernels: eight independent sums for the dot product, four for the distance; several
 * rows are loaded together first, then scored two at a time.
 */
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
  public void dotRows(float[] q, float[] data, int[] rows, int n, int dimension, float[] out) {
    touch(data, rows, n, dimension);
    int i = 0;
    for (; i + 2 <= n; i += 2) {
      dot2(q, data, rows[i] * dimension, rows[i + 1] * dimension, dimension, out, i);
    }
    if (i < n) {
      out[i] = dot(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  /**
   * Two dot products in one pass over the query, each summed exactly as {@link #dot} sums it
   * (the same eight sums, combined in the same order), so the scores are the same bits.
   */
  private static void dot2(float[] q, float[] data, int o0, int o1, int dimension, float[] out,
      int at) {
    float a0 = 0f;
    float a1 = 0f;
    float a2 = 0f;
    float a3 = 0f;
    float a4 = 0f;
    float a5 = 0f;
    float a6 = 0f;
    float a7 = 0f;
    float b0 = 0f;
    float b1 = 0f;
    float b2 = 0f;
    float b3 = 0f;
    float b4 = 0f;
    float b5 = 0f;
    float b6 = 0f;
    float b7 = 0f;
    int i = 0;
    int bound = dimension & ~7;
    for (; i < bound; i += 8) {
      int x = o0 + i;
      int y = o1 + i;
      a0 += q[i] * data[x];
      b0 += q[i] * data[y];
      a1 += q[i + 1] * data[x + 1];
      b1 += q[i + 1] * data[y + 1];
      a2 += q[i + 2] * data[x + 2];
      b2 += q[i + 2] * data[y + 2];
      a3 += q[i + 3] * data[x + 3];
      b3 += q[i + 3] * data[y + 3];
      a4 += q[i + 4] * data[x + 4];
      b4 += q[i + 4] * data[y + 4];
      a5 += q[i + 5] * data[x + 5];
      b5 += q[i + 5] * data[y + 5];
      a6 += q[i + 6] * data[x + 6];
      b6 += q[i + 6] * data[y + 6];
      a7 += q[i + 7] * data[x + 7];
      b7 += q[i + 7] * data[y + 7];
    }
    for (; i < dimension; i++) {
      a0 += q[i] * data[o0 + i];
      b0 += q[i] * data[o1 + i];
    }
    out[at] = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    out[at + 1] = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));
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
  public int dotBytes(byte[] a, int offA, byte[] b, int offB, int dimension) {
    // Integer adds take one cycle, so two sums suffice to keep the loads and multiplies busy.
    int s0 = 0;
    int s1 = 0;
    int i = 0;
    int bound = dimension & ~1;
    for (; i < bound; i += 2) {
      s0 += a[offA + i] * b[offB + i];
      s1 += a[offA + i + 1] * b[offB + i + 1];
    }
    if (i < dimension) {
      s0 += a[offA + i] * b[offB + i];
    }
    return s0 + s1;
  }

  @Override
  public void dotBytesRows(byte[] q, byte[] data, int[] rows, int n, int dimension, int[] out) {
    touch(data, rows, n, dimension);
    for (int i = 0; i < n; i++) {
      out[i] = dotBytes(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  @Override
  public void dotBytesRange(byte[] q, byte[] data, int fromRow, int toRow, int dimension,
      int[] out) {
    for (int row = fromRow, offset = fromRow * dimension; row < toRow; row++,
        offset += dimension) {
      out[row - fromRow] = dotBytes(q, 0, data, offset, dimension);
    }
  }

  @Override
  public String describe() {
    return "scalar";
  }
}
