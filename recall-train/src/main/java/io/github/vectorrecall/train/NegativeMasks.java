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
    // Grouped by sorting rather than comparing all (n + s) cells of every row: a row's masked
    // columns are the slots of its item's group and of its user's group, merged in order.
    int n = targets.length;
    Groups byItem = Groups.of(targets);
    Groups byOwner = owners != null ? Groups.of(owners) : null;
    Groups drawn = Groups.of(sampled);
    long[] rows = new long[Math.max(16, 4 * n)];
    long[] cols = new long[rows.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int a = byItem.from[i];
      int aEnd = byItem.to[i];
      int b = byOwner != null ? byOwner.from[i] : 0;
      int bEnd = byOwner != null ? byOwner.to[i] : 0;
      int[] drawnRun = drawn.run(targets[i]);
      int needed = count + (aEnd - a) + (bEnd - b) + (drawnRun[1] - drawnRun[0]);
      if (needed > rows.length) {
        rows = Arrays.copyOf(rows, Math.max(2 * rows.length, needed));
        cols = Arrays.copyOf(cols, rows.length);
      }
      while (a < aEnd || b < bEnd) { // both runs are in slot order: merge, once each
        int ja = a < aEnd ? byItem.order[a] : Integer.MAX_VALUE;
        int jb = b < bEnd ? byOwner.order[b] : Integer.MAX_VALUE;
        int j = Math.min(ja, jb);
        a += ja == j ? 1 : 0;
        b += jb == j ? 1 : 0;
        if (j != i) {
          rows[count] = i;
          cols[count++] = j;
        }
      }
      for (int r = drawnRun[0]; r < drawnRun[1]; r++) {
        rows[count] = i;
        cols[count++] = n + drawn.order[r];
      }
    }
    return new long[][] {Arrays.copyOf(rows, count), Arrays.copyOf(cols, count)};
  }

  /**
   * Indices grouped by key: {@code order} lists them sorted by key, then index, and {@code
   * from[i]} to {@code to[i]} is the run of {@code order} that holds index i's key.
   */
  private record Groups(int[] keys, int[] order, int[] from, int[] to) {
    static Groups of(int[] values) {
      int n = values.length;
      long[] packed = new long[n];
      for (int i = 0; i < n; i++) {
        packed[i] = ((long) values[i] << 32) | i;
      }
      Arrays.sort(packed);
      int[] keys = new int[n];
      int[] order = new int[n];
      int[] from = new int[n];
      int[] to = new int[n];
      for (int p = 0; p < n; ) {
        int key = (int) (packed[p] >> 32);
        int q = p;
        while (q < n && (int) (packed[q] >> 32) == key) {
          q++;
        }
        for (int r = p; r < q; r++) {
          keys[r] = key;
          order[r] = (int) packed[r];
          from[order[r]] = p;
          to[order[r]] = q;
        }
        p = q;
      }
      return new Groups(keys, order, from, to);
    }

    /** The run of {@code order} whose key is {@code key}, as {from, to}; empty if none. */
    int[] run(int key) {
      int lo = 0;
      int hi = keys.length;
      while (lo < hi) { // the first place whose key is not below key
        int mid = (lo + hi) >>> 1;
        if (keys[mid] < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      int end = lo;
      while (end < keys.length && keys[end] == key) {
        end++;
      }
      return new int[] {lo, end};
    }
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
