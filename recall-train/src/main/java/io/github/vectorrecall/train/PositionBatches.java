package io.github.vectorrecall.train;

import io.github.vectorrecall.model.internal.Featurizer;
import java.util.Random;

/**
 * The per-position batches: every (user, position) pair is an example of its own, the epoch
 * shuffles them all, and each example's history (the at most {@code maxHistory} items before
 * its position) is copied into the batch and pooled on its own. The former path, kept for
 * comparison ({@link TwoTowerConfig#sequenceWindow()} 1): the same examples, order and draws
 * as before one-pass training (the step's float sums now run in another order).
 */
final class PositionBatches implements TrainingBatches {
  private final TrainingSequences seqs;
  private final Featurizer featurizer;
  private final TrainingSequences.Examples examples;
  private final int[] order;
  private final int batch;

  PositionBatches(TrainingSequences seqs, Featurizer featurizer, int batch) {
    this.seqs = seqs;
    this.featurizer = featurizer;
    this.examples = seqs.examples();
    this.order = new int[examples.count];
    this.batch = batch;
  }

  @Override
  public int batchesPerEpoch() {
    return Math.max(1, examples.count / batch);
  }

  @Override
  public void shuffle(Random rnd) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    TrainingSequences.shuffle(order, rnd);
  }

  @Override
  public void fill(int index, TrainingBatch out) {
    out.windows = null;
    for (int j = 0; j < out.size(); j++) {
      int e = order[index * batch + j];
      int u = examples.user[e];
      int[] seq = seqs.items(u);
      featurizer.fillUser(out.users, j, seqs.user(u), seq, 0, examples.pos[e]);
      out.targets[j] = seq[examples.pos[e]];
      out.owners[j] = u;
      out.positions[j] = examples.pos[e];
    }
  }
}
