package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
   * @param b the targets, their users and items, the sampled negatives, and the windows when
   *     the histories are pooled in one pass
   * @param profile where the step's time is counted (its Java assembly runs until the masks
   *     are made here)
   * @return the loss, or NaN when the step was skipped (a gradient or the loss not finite)
   */
  double run(NDManager base, float lr, TrainingBatch b, TrainingProfile profile) {
    int[] targets = b.targets;
    int n = targets.length;
    int s = b.sampledRows.length;
    boolean sampled = b.sampled != null;
    float[] positiveCorrection = negatives.positiveCorrection(targets);
    float[] inBatchMask = !negatives.inBatch() ? null
        : NegativeMasks.inBatch(targets, b.windows != null ? b.owners : null);
    float[] inBatchCorrection = negatives.inBatch() ? negatives.inBatchCorrection(targets) : null;
    float[] sampledMask = sampled ? NegativeMasks.sampled(targets, b.sampledRows) : null;
    float[] sampledCorrection = sampled ? negatives.sampledCorrection(b.sampledRows) : null;
    profile.lap(TrainingProfile.Phase.ASSEMBLY);
    float result;
    boolean updated;
    try (NDManager step = base.newSubManager()) {
      TwoTowerNet.UserInputs users = b.windows == null ? net.userInputs(step, b.users)
          : net.userFeatureInputs(step, b.users);
      TwoTowerNet.WindowInputs windows =
          b.windows == null ? null : net.windowInputs(step, b.windows);
      TwoTowerNet.ItemInputs items = net.itemInputs(step, b.items);
      TwoTowerNet.ItemInputs drawn = sampled ? net.itemInputs(step, b.sampled) : null;
      NDArray inCorr =
          inBatchMask != null ? step.create(inBatchCorrection, new Shape(1, n)) : null;
      NDArray inMask = inBatchMask != null ? step.create(inBatchMask, new Shape(n, n)) : null;
      NDArray sCorr = sampled ? step.create(sampledCorrection, new Shape(1, s)) : null;
      NDArray sMask = sampled ? step.create(sampledMask, new Shape(n, s)) : null;
      profile.lap(TrainingProfile.Phase.TENSORS);
      NDArray value;
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray u = windows == null ? net.userTower(step, users)
            : net.userTower(users, () -> net.pooledWindows(step, windows));
        NDArray v = net.itemTower(items);
        value = scores(step, u, v, drawn, positiveCorrection, inCorr, inMask, sCorr, sMask);
        profile.lap(TrainingProfile.Phase.FORWARD);
        gc.backward(value);
      }
      profile.lap(TrainingProfile.Phase.BACKWARD);
      result = value.getFloat();
      updated = optimizer.step(step, net.parameters(), lr);
    }
    profile.lap(TrainingProfile.Phase.OPTIMIZER);
    return updated && Float.isFinite(result) ? result : Double.NaN;
  }

  /**
   * The loss of a batch from its user and positive vectors: positive and negative scores
   * (cosine / temperature, negatives logQ-corrected and masked).
   */
  private NDArray scores(NDManager step, NDArray u, NDArray v, TwoTowerNet.ItemInputs drawn,
      float[] positiveCorrection, NDArray inCorr, NDArray inMask, NDArray sCorr, NDArray sMask) {
    NDArray tau = TwoTowerNet.constant(step, temperature);
    NDArray positive = u.mul(v).sum(new int[] {1}, true).div(tau);
    NDList negs = new NDList();
    NDList negMasks = new NDList();
    if (inMask != null) {
      negs.add(u.matMul(v.transpose()).div(tau).sub(inCorr));
      negMasks.add(inMask);
    }
    if (drawn != null) {
      NDArray vs = net.itemTower(drawn);
      negs.add(u.matMul(vs.transpose()).div(tau).sub(sCorr));
      negMasks.add(sMask);
    }
    NDArray neg = negs.size() == 1 ? negs.get(0) : NDArrays.concat(negs, 1);
    NDArray negMask = negMasks.size() == 1 ? negMasks.get(0) : NDArrays.concat(negMasks, 1);
    return loss.loss(step, positive, positiveCorrection, neg, negMask);
  }
}
