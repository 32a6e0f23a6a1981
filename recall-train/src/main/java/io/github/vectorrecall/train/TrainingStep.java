package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;

/**
 * One optimiser step on a batch: both towers forward, the positive and negative scores (cosine
 * / temperature, negatives logQ-corrected and masked), the loss, its gradient, and AdamW's
 * update. Every array of the step lives in a sub-manager closed before it returns.
 */
final class TrainingStep {
  private final TwoTowerNet net;
  private final AdamW optimizer;
  private final Negatives negatives;
  private final BatchLoss loss;
  private final float temperature;

  /**
   * Creates the step of one fit.
   *
   * @param net the model being trained
   * @param optimizer its optimiser
   * @param negatives where the negatives come from, and their corrections
   * @param loss the objective
   * @param temperature the scores' divisor
   */
  TrainingStep(TwoTowerNet net, AdamW optimizer, Negatives negatives, BatchLoss loss,
      float temperature) {
    this.net = net;
    this.optimizer = optimizer;
    this.negatives = negatives;
    this.loss = loss;
    this.temperature = temperature;
  }

  /**
   * Trains on one batch.
   *
   * @param base the manager the step's arrays are made under
   * @param lr the learning rate
   * @param ub the users, one per example
   * @param ib the positive items, one per example
   * @param targets the positive item rows
   * @param sb the sampled negative items, or null when none are sampled
   * @param sampledRows their item rows
   * @return the loss, or NaN when the step was skipped (a gradient or the loss not finite)
   */
  double run(NDManager base, float lr, UserBatch ub, ItemBatch ib, int[] targets, ItemBatch sb,
      int[] sampledRows) {
    int n = targets.length;
    try (NDManager step = base.newSubManager()) {
      NDArray value;
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray u = net.userTower(step, ub);
        NDArray v = net.itemTower(step, ib);
        NDArray tau = TwoTowerNet.constant(step, temperature);
        NDArray positive = u.mul(v).sum(new int[] {1}, true).div(tau);
        NDList negs = new NDList();
        NDList negMasks = new NDList();
        float[] positiveCorrection = negatives.positiveCorrection(targets);
        if (negatives.inBatch()) {
          NDArray logits = u.matMul(v.transpose()).div(tau);
          float[] mask = NegativeMasks.inBatch(targets);
          float[] corr = negatives.inBatchCorrection(targets);
          negs.add(logits.sub(step.create(corr, new Shape(1, n))));
          negMasks.add(step.create(mask, new Shape(n, n)));
        }
        if (sb != null) {
          NDArray vs = net.itemTower(step, sb);
          NDArray logits = u.matMul(vs.transpose()).div(tau);
          int s = sampledRows.length;
          negs.add(logits.sub(step.create(negatives.sampledCorrection(sampledRows),
              new Shape(1, s))));
          negMasks.add(step.create(NegativeMasks.sampled(targets, sampledRows),
              new Shape(n, s)));
        }
        NDArray neg = negs.size() == 1 ? negs.get(0) : NDArrays.concat(negs, 1);
        NDArray negMask = negMasks.size() == 1 ? negMasks.get(0) : NDArrays.concat(negMasks, 1);
        value = loss.loss(step, positive, positiveCorrection, neg, negMask);
        gc.backward(value);
      }
      float result = value.getFloat();
      if (!optimizer.step(step, net.parameters(), lr) || !Float.isFinite(result)) {
        return Double.NaN;
      }
      return result;
    }
  }
}
