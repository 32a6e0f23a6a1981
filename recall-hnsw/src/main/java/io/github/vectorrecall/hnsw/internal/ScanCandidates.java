package io.github.vectorrecall.hnsw.internal;

import java.util.Arrays;

/**
 * The {@code capacity} best (score, row) pairs offered by a scan, kept in amortised constant
 * time per offer: offers that beat the bar are appended to a buffer twice the capacity, and when
 * it fills, a selection finds the capacity-th best score, which becomes the bar, and the buffer
 * keeps only what is above it (and as many of the pairs at it as fit, the earliest offered
 * first). A heap does the same in {@code log capacity} sifts per offer, which a scan that meets
 * thousands of candidates (the first rows, and every row better than all before it) feels.
 *
 * <p>The result is the {@code capacity} best scores, ties at the last place going to the
 * earliest offered: in a scan in row order, the lowest rows. One instance per scan; not
 * thread-safe.
 */
final class ScanCandidates {
  private final int capacity;
  private final float[] scores;
  private final int[] rows;
  private final float[] scratch;
  private int size;
  private float bar = Float.NEGATIVE_INFINITY;

  /**
   * Creates an empty set.
   *
   * @param capacity how many to keep, at least 1
   */
  ScanCandidates(int capacity) {
    this.capacity = capacity;
    int buffer = Math.max(capacity + 16, 2 * capacity);
    this.scores = new float[buffer];
    this.rows = new int[buffer];
    this.scratch = new float[buffer];
  }

  /** @return the score an offer must beat to be kept */
  float bar() {
    return bar;
  }

  /**
   * Keeps a pair if its score beats {@link #bar()}.
   *
   * @param score the score, not NaN
   * @param row the row
   */
  void offer(float score, int row) {
    if (score > bar) {
      scores[size] = score;
      rows[size] = row;
      if (++size == scores.length) {
        trim();
      }
    }
  }

  /**
   * The rows kept, at most {@code capacity}, in no particular order.
   *
   * @return a new array
   */
  int[] rows() {
    if (size > capacity) {
      trim();
    }
    return Arrays.copyOf(rows, size);
  }

  /** Keeps the {@code capacity} best; the bar becomes the last one's score. */
  private void trim() {
    System.arraycopy(scores, 0, scratch, 0, size);
    float last = kthLargest(scratch, size, capacity);
    int above = 0;
    for (int i = 0; i < size; i++) {
      if (scores[i] > last) {
        above++;
      }
    }
    int atLast = capacity - above; // pairs scoring exactly `last` that still fit
    int kept = 0;
    for (int i = 0; i < size; i++) {
      float s = scores[i];
      if (s > last || (s == last && atLast-- > 0)) {
        scores[kept] = s;
        rows[kept] = rows[i];
        kept++;
      }
    }
    size = kept;
    bar = last;
  }

  /**
   * The {@code k}-th largest of {@code a[0, n)} (1-based), reordering {@code a}: Hoare's
   * selection with the middle element as pivot.
   */
  static float kthLargest(float[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    int target = k - 1; // index in descending order
    while (lo < hi) {
      float pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] > pivot) {
          i++;
        }
        while (a[j] < pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }
}
