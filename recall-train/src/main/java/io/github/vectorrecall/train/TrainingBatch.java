package io.github.vectorrecall.train;

import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.model.internal.WindowBatch;

/**
 * The Java side of one optimiser step: a user and a positive item per target, the sampled
 * negatives, and, when the histories are pooled in one pass, the windows they are read from.
 * Reused from step to step.
 */
final class TrainingBatch {
  /** Each target's user: id and features, and the history unless {@link #windows} is set. */
  final UserBatch users;
  /**
   * The batch's distinct items ({@link ItemRows#gather}), those of the targets and of the
   * sampled negatives.
   */
  ItemBatch items;
  /**
   * For each target, then each sampled negative, its item's index in {@link #items}.
   */
  final long[] itemSlots;
  /** Each target's item row. */
  final int[] targets;
  /** Each target's user as an index into the training sequences. */
  final int[] owners;
  /** Each target's position in its user's sequence. */
  final int[] positions;
  /** The sampled negatives' item rows. */
  final int[] sampledRows;
  /**
   * The windows the histories are pooled from in one pass, or null when each target's history
   * is in {@link #users}.
   */
  WindowBatch windows;
  /**
   * With lazy user updates, the user-id table's rows the batch reads; its user ids index this
   * list ({@link TableRows}). Null otherwise.
   */
  long[] userTableRows;
  /** The softmax's column corrections, negated, (n + s); {@link TrainingStep#prepare}. */
  float[] columnBias;
  /** The softmax's masked cells as {rows, columns}; {@link TrainingStep#prepare}. */
  long[][] masked;
  /** The positives' corrections when scored apart; {@link TrainingStep#prepare}. */
  float[] positiveCorrection;
  /** The in-batch negatives' mask and corrections when scored apart, or null. */
  float[] inBatchMask;
  float[] inBatchCorrection;
  /** The sampled negatives' mask and corrections when scored apart, or null. */
  float[] sampledMask;
  float[] sampledCorrection;

  /**
   * Allocates a batch.
   *
   * @param size targets per step
   * @param sampled negatives drawn per step, 0 for none
   * @param spec the model layout
   */
  TrainingBatch(int size, int sampled, ModelSpec spec) {
    this.users = new UserBatch(size, spec);
    this.itemSlots = new long[size + sampled];
    this.targets = new int[size];
    this.owners = new int[size];
    this.positions = new int[size];
    this.sampledRows = new int[sampled];
  }

  /** @return targets per step */
  int size() {
    return targets.length;
  }
}
