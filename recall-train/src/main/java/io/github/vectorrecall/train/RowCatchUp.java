package io.github.vectorrecall.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link AdamW} keeps to update some tables lazily ({@link
 * TwoTowerConfig#lazyUserUpdates()}): the step each of their rows was last brought up to, and
 * the bias-corrected step sizes since every row last was, from which the moves a row missed are
 * summed when it is next read.
 *
 * <p>At the j-th step a row missed, dense AdamW moved it by step size × beta1^j m / (sqrt(beta2^j
 * v) + epsilon) and decayed its moments. With epsilon outside the root's scaling, those moves sum
 * to (the sum over j of that step's size × (beta1 / sqrt(beta2))^j) × m / (sqrt(v) + epsilon):
 * {@link #missed} gives that sum and the moments' decays beta1^j and beta2^j per row; the
 * optimiser applies them to the rows' arrays.
 */
final class RowCatchUp {
  /** Per row of a batch: the factor of its catch-up move and its moments' decays. */
  record Missed(float[] move, float[] decay1, float[] decay2) {}

  private final double beta1;
  private final double beta2;
  /** beta1 / sqrt(beta2): how much of a row's momentum step is left one step later. */
  private final double carry;
  /** Steps after which a missed step's share is below 1e-12 of the first's. */
  private final int horizon;
  /**
   * The bias-corrected step size of step k at index k - {@link #sizesFrom}; only the steps since
   * every row was last brought up to date are kept.
   */
  private float[] stepSizes = new float[1024];
  /** The step every row was last brought up to: {@link #stepSizes} holds the steps after it. */
  private int sizesFrom;
  /** Per lazily updated table, the step each row was last stepped or caught up to. */
  private final Map<String, int[]> last = new HashMap<>();
  /** The step every row was caught up to when the state was restored (0 at the start). */
  private int restoredAt;

  RowCatchUp(float beta1, float beta2) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.carry = beta1 / Math.sqrt(beta2);
    this.horizon = (int) Math.ceil(Math.log(1e-12) / Math.log(carry));
  }

  /**
   * Records the bias-corrected step size of step {@code t}.
   *
   * @param t the step, one after the last recorded
   * @param stepSize its size
   */
  void record(int t, float stepSize) {
    int at = t - sizesFrom;
    if (at >= stepSizes.length) {
      stepSizes = Arrays.copyOf(stepSizes, 2 * at);
    }
    stepSizes[at] = stepSize;
  }

  /**
   * The moves some rows of a table missed through step {@code upTo}, and marks them brought up
   * to it.
   *
   * @param table the table's parameter name
   * @param tableRows the table's row count
   * @param moments whether the table had moments before this step: one without has nothing to
   *     catch up on before now
   * @param rows the rows, distinct
   * @param upTo the last step
   * @return per row, or null when no row is behind
   */
  Missed missed(String table, int tableRows, boolean moments, long[] rows, int upTo) {
    int upToDate = moments ? restoredAt : sizesFrom;
    int[] at = last.computeIfAbsent(table, k -> {
      int[] a = new int[tableRows];
      Arrays.fill(a, upToDate);
      return a;
    });
    Missed missed = missed(rows, at, upTo);
    stepped(table, rows, upTo);
    return missed;
  }

  private Missed missed(long[] rows, int[] at, int upTo) {
    int n = rows.length;
    float[] move = new float[n];
    float[] decay1 = new float[n];
    float[] decay2 = new float[n];
    boolean behind = false;
    for (int i = 0; i < n; i++) {
      int from = at[(int) rows[i]];
      int missed = upTo - from;
      if (missed > 0 && from < sizesFrom) {
        throw new IllegalStateException("row " + rows[i] + " was last brought up to step "
            + from + ", before the step sizes kept (from step " + sizesFrom + ")");
      }
      decay1[i] = 1f;
      decay2[i] = 1f;
      if (missed > 0) {
        behind = true;
        double sum = 0;
        double share = 1;
        for (int j = 1; j <= Math.min(missed, horizon); j++) {
          share *= carry;
          sum += stepSizes[from + j - sizesFrom] * share;
        }
        move[i] = (float) sum;
        decay1[i] = (float) Math.pow(beta1, missed);
        decay2[i] = (float) Math.pow(beta2, missed);
      }
    }
    return behind ? new Missed(move, decay1, decay2) : null;
  }

  /**
   * Marks rows of a table stepped at step {@code t}.
   *
   * @param table the table's parameter name
   * @param rows the rows
   * @param t the step
   */
  void stepped(String table, long[] rows, int t) {
    int[] at = last.get(table);
    for (long row : rows) {
      at[(int) row] = t;
    }
  }

  /**
   * The tables updated lazily so far.
   *
   * @return their parameter names
   */
  Iterable<String> tables() {
    return last.keySet();
  }

  /**
   * The rows of a table not brought up to step {@code t}.
   *
   * @param table a table of {@link #tables}
   * @param t the last step
   * @return the rows, or an empty array when none is behind
   */
  long[] behind(String table, int t) {
    int[] at = last.get(table);
    long[] rows = new long[at.length];
    int n = 0;
    for (int row = 0; row < at.length; row++) {
      if (at[row] < t) {
        rows[n++] = row;
      }
    }
    return Arrays.copyOf(rows, n);
  }

  /**
   * Notes that every row of every table is brought up to step {@code t}: the step sizes before
   * it are not needed again.
   *
   * @param t the step
   */
  void allUpTo(int t) {
    for (int[] at : last.values()) {
      Arrays.fill(at, t);
    }
    sizesFrom = t;
  }

  /**
   * Starts again from restored state, every row up to date at step {@code steps} (a checkpoint
   * is written after every row is brought up to date).
   *
   * @param steps the restored step count
   */
  void restore(int steps) {
    last.clear();
    restoredAt = steps;
    sizesFrom = steps;
  }
}
