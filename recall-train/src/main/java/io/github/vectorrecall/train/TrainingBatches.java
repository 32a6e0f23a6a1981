package io.github.vectorrecall.train;

import java.util.Random;

/**
 * The batches of one fit's epochs: the order of the epoch's targets, and each batch's inputs.
 * {@link PositionBatches} reads every target's history on its own; {@link WindowBatches} pools
 * the histories of consecutive targets of a user in one pass.
 */
interface TrainingBatches {
  /** @return full batches per epoch (the rest of the epoch's targets is left out) */
  int batchesPerEpoch();

  /**
   * Orders the targets of a new epoch.
   *
   * @param rnd the epoch's generator
   */
  void shuffle(Random rnd);

  /**
   * Fills a batch of the current epoch: its users, targets and, with windows, the windows;
   * not its items ({@link ItemRows#gather}).
   *
   * @param index the batch, from 0
   * @param out filled
   */
  void fill(int index, TrainingBatch out);
}
