package io.github.vectorrecall.train;

import java.util.Arrays;

/**
 * The additive masks of the negatives' logits: {@value #MASKED} where a negative is the
 * positive itself or the same item as the positive (an accidental hit), 0 elsewhere.
 */
final class NegativeMasks {
  /** The logit offset of a masked negative. */
  static final float MASKED = -1e9f;

  private NegativeMasks() {}

  /**
   * The in-batch negatives' mask: the diagonal (the positive itself, scored separately) and
   * every other column holding the same item as row i's positive.
   *
   * @param targets the batch's positive item rows
   * @return n × n, row-major
   */
  static float[] inBatch(int[] targets) {
    return inBatch(targets, null);
  }

  /**
   * The in-batch negatives' mask, also masking every column of row i's own user when owners are
   * given: with one-pass windows a batch holds runs of one user's targets, and each is an item
   * that user chose (before or after row i's position), never a negative of that user.
   *
   * @param targets the batch's positive item rows
   * @param owners each target's user, or null to mask only the same item
   * @return n × n, row-major
   */
  static float[] inBatch(int[] targets, int[] owners) {
    int n = targets.length;
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (targets[i] == targets[j] || (owners != null && owners[i] == owners[j])) {
          mask[i * n + j] = MASKED;
        }
      }
    }
    return mask;
  }

  /**
   * The cells of one softmax over the batch's positives and the sampled items (row i's positive
   * on the diagonal) that the separate masks mask ({@link #inBatch(int[], int[])} and {@link #sampled}), except
   * the diagonal, as row and column indices: a sparse form of
   * its masks (a batch masks a few cells a row, its user's other targets and accidental hits),
   * so the step sets them instead of adding an (n, n + s) matrix.
   *
   * @param targets the batch's positive item rows
   * @param owners each target's user, or null to mask only the same item
   * @param sampled the drawn item rows (maybe none)
   * @return {rows, columns}, of equal length, in row-major order
   */
  static long[][] softmaxMasked(int[] targets, int[] owners, int[] sampled) {
    int n = targets.length;
    long[] rows = new long[Math.max(16, 4 * n)];
    long[] cols = new long[rows.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n + sampled.length; j++) {
        boolean masked = j < n
            ? j != i && (targets[i] == targets[j] || (owners != null && owners[i] == owners[j]))
            : targets[i] == sampled[j - n];
        if (masked) {
          if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * count);
            cols = Arrays.copyOf(cols, 2 * count);
          }
          rows[count] = i;
          cols[count++] = j;
        }
      }
    }
    return new long[][] {Arrays.copyOf(rows, count), Arrays.copyOf(cols, count)};
  }

  /**
   * The sampled negatives' mask: where a drawn item is row i's positive.
   *
   * @param targets the batch's positive item rows
   * @param sampled the drawn item rows
   * @return n × s, row-major
   */
  static float[] sampled(int[] targets, int[] sampled) {
    float[] mask = new float[targets.length * sampled.length];
    for (int i = 0; i < targets.length; i++) {
      for (int j = 0; j < sampled.length; j++) {
        if (targets[i] == sampled[j]) {
          mask[i * sampled.length + j] = MASKED;
        }
      }
    }
    return mask;
  }
}
