package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import java.util.List;
import java.util.Map;

/**
 * One optimiser step on a batch: both towers forward, the positive and negative scores (cosine
 * / temperature, negatives logQ-corrected and masked), the loss, its gradient, and AdamW's
 * update. Every array of the step lives in a sub-manager closed before it returns.
 *
 * <p>The item tower runs once for each distinct item among the batch's positives and sampled
 * items ({@link ItemRows}), and every slot reads its item's vector. With the
 * softmax and in-batch negatives (the default), the scores are one matrix, the user vectors over
 * temperature times every candidate, minus each column's logQ correction (a row vector
 * broadcast), with the few masked cells set apart ({@link NegativeMasks#softmaxMasked}); row i's
 * positive is its diagonal, scored again as a row-wise product, and the loss is the mean of each
 * row's log-sum-exp minus its positive ({@link SoftmaxLoss#onDiagonal}). That is the loss of a
 * positive column beside masked negatives, with one exponential pass over the (n, n + s) scores
 * and no dense mask or diagonal gradient; the former form took three passes over the scores
 * and nine with separate matrices.
 * Other losses and negatives score the positive apart ({@link BatchLoss}).
 *
 * <p>With {@link TwoTowerConfig#lazyUserUpdates() lazy user updates} the batch's user ids are
 * rewritten, as it is prepared, to index the distinct rows of the user-id table that it reads
 * ({@link TableRows}); the step gathers those rows, caught up on the steps they missed, into an
 * array of its own ({@link AdamW#gather}), the user tower reads it ({@link
 * TwoTowerNet#readRows}), and AdamW updates and writes back only those rows.
 */
final class TrainingStep {
  private final TwoTowerNet net;
  private final AdamW optimizer;
  private final Negatives negatives;
  private final BatchLoss loss;
  private final float temperature;
  private final boolean diagonal;
  /** The user-id table's rows of each batch, with lazy updates; null otherwise. */
  private final TableRows userRows;

  /**
   * Creates the step of one fit.
   *
   * @param net the model being trained
   * @param optimizer its optimiser
   * @param negatives where the negatives come from, and their corrections
   * @param loss the objective
   * @param temperature the scores' divisor
   * @param lazy whether only the user-id rows a batch reads are updated ({@link
   *     TwoTowerConfig#lazyUserUpdates()})
   */
  TrainingStep(TwoTowerNet net, AdamW optimizer, Negatives negatives, BatchLoss loss,
      float temperature, boolean lazy) {
    this.net = net;
    this.optimizer = optimizer;
    this.negatives = negatives;
    this.loss = loss;
    this.temperature = temperature;
    this.diagonal = loss instanceof SoftmaxLoss && negatives.inBatch();
    this.userRows = lazy ? new TableRows(net.spec().userRows()) : null;
  }

  /**
   * The Java side of a batch: the corrections and masks of its negatives, computed into it
   * (on the thread that assembles batches, {@link BatchAssembly}).
   *
   * @param b the batch, its targets, owners (with windows) and sampled rows set; with lazy
   *     user updates its user ids are rewritten to index the user-id rows it reads
   */
  void prepare(TrainingBatch b) {
    if (userRows != null) {
      b.userTableRows = userRows.remap(b.users.idRows);
    }
    int[] targets = b.targets;
    int n = targets.length;
    int s = b.sampledRows.length;
    // A user's own targets are never its negatives; with windows a batch holds runs of them.
    int[] owners = b.windows != null ? b.owners : null;
    if (diagonal) {
      float[] columnBias = new float[n + s];
      float[] inBatch = negatives.inBatchCorrection(targets);
      float[] drawn = negatives.sampledCorrection(b.sampledRows);
      for (int j = 0; j < n + s; j++) {
        columnBias[j] = -(j < n ? inBatch[j] : drawn[j - n]);
      }
      b.columnBias = columnBias;
      b.masked = NegativeMasks.softmaxMasked(targets, owners, b.sampledRows);
    } else {
      b.positiveCorrection = negatives.positiveCorrection(targets);
      boolean inBatch = negatives.inBatch();
      b.inBatchMask = inBatch ? NegativeMasks.inBatch(targets, owners) : null;
      b.inBatchCorrection = inBatch ? negatives.inBatchCorrection(targets) : null;
      b.sampledMask = s > 0 ? NegativeMasks.sampled(targets, b.sampledRows) : null;
      b.sampledCorrection = s > 0 ? negatives.sampledCorrection(b.sampledRows) : null;
    }
  }

  /**
   * Trains on one batch.
   *
   * @param base the manager the step's arrays are made under
   * @param lr the learning rate
   * @param b the targets, their users, their items then the sampled ones, and the windows when
   *     the histories are pooled in one pass, {@link #prepare prepared}
   * @param profile where the step's time is counted
   * @return the loss, or NaN when the step was skipped (a gradient or the loss not finite)
   */
  double run(NDManager base, float lr, TrainingBatch b, TrainingProfile profile) {
    int n = b.targets.length;
    int s = b.sampledRows.length;
    long[][] masked = b.masked;
    float result;
    boolean updated;
    try (NDManager step = base.newSubManager()) {
      TwoTowerNet.UserInputs users = b.windows == null ? net.userInputs(step, b.users)
          : net.userFeatureInputs(step, b.users);
      TwoTowerNet.WindowInputs windows =
          b.windows == null ? null : net.windowInputs(step, b.windows);
      TwoTowerNet.ItemInputs items = net.itemInputs(step, b.items);
      NDArray itemSlots = step.create(b.itemSlots, new Shape(n + s));
      NDArray biasArray = diagonal ? step.create(b.columnBias, new Shape(1, n + s)) : null;
      NDArray positiveBias = diagonal ? biasArray.get("0, 0:" + n) : null;
      NDIndex maskedCells = masked == null || masked[0].length == 0 ? null
          : new NDIndex("{}, {}", step.create(masked[0]), step.create(masked[1]));
      NDArray inCorr = b.inBatchMask != null ? step.create(b.inBatchCorrection, new Shape(1, n))
          : null;
      NDArray inMask = b.inBatchMask != null ? step.create(b.inBatchMask, new Shape(n, n)) : null;
      NDArray sCorr = b.sampledMask != null ? step.create(b.sampledCorrection, new Shape(1, s))
          : null;
      NDArray sMask = b.sampledMask != null ? step.create(b.sampledMask, new Shape(n, s)) : null;
      List<AdamW.Rows> gathered = userRows == null ? List.of()
          : List.of(optimizer.gather(step, ModelWeights.USER_ID,
              net.parameters().get(ModelWeights.USER_ID), b.userTableRows));
      if (!gathered.isEmpty()) {
        net.readRows(Map.of(ModelWeights.USER_ID, gathered.get(0).values()));
      }
      profile.lap(TrainingProfile.Phase.TENSORS);
      NDArray value;
      // Grad mode on for this thread only, not DJL's gradient collector: that allows one in the
      // process at a time, and an ensemble's members train on threads of their own at once.
      boolean gradMode = TorchRuntime.gradMode();
      TorchRuntime.setGradMode(true);
      try {
        NDArray u = windows == null ? net.userTower(step, users)
            : net.userTower(users, () -> net.pooledWindows(step, windows));
        NDArray candidates = TwoTowerNet.rows(net.itemTower(items), itemSlots);
        NDArray tau = TwoTowerNet.constant(step, temperature);
        if (diagonal) {
          NDArray scaled = u.div(tau);
          NDArray logits = scaled.matMul(candidates.transpose()).add(columnTerms(step, biasArray,
              maskedCells, n, s));
          // Without sampled rows the positives are every candidate: a slice of all of them
          // would cost its backward a zero-filled (n, e) copy.
          NDArray positive = scaled.mul(s == 0 ? candidates : candidates.get("0:" + n))
              .sum(new int[] {1}).add(positiveBias);
          value = SoftmaxLoss.onDiagonal(step, logits, positive);
        } else {
          NDArray v = s > 0 ? candidates.get("0:" + n) : candidates;
          NDArray drawn = s > 0 ? candidates.get(n + ":") : null;
          value = scores(step, tau, u, v, drawn, b.positiveCorrection, inCorr, inMask, sCorr,
              sMask);
        }
        profile.lap(TrainingProfile.Phase.FORWARD);
        TorchRuntime.backward(value);
      } finally {
        TorchRuntime.setGradMode(gradMode);
        net.readRows(Map.of());
      }
      profile.lap(TrainingProfile.Phase.BACKWARD);
      result = value.getFloat();
      updated = optimizer.step(step, net.parameters(), gathered, lr);
    }
    profile.lap(TrainingProfile.Phase.OPTIMIZER);
    return updated && Float.isFinite(result) ? result : Double.NaN;
  }

  /**
   * What the diagonal form adds to the (n, n + s) scores: each column's correction and, at the
   * masked cells, {@link NegativeMasks#MASKED}. The masks are written into an array autograd
   * does not record, not into the scores: writing into the scores in place would make the
   * backward pass clone the whole (n, n + s) gradient to clear those cells.
   */
  private static NDArray columnTerms(NDManager step, NDArray columnBias, NDIndex maskedCells,
      int n, int s) {
    if (maskedCells == null) {
      return columnBias;
    }
    NDArray terms = step.zeros(new Shape(n, n + s)).addi(columnBias);
    terms.set(maskedCells, NegativeMasks.MASKED);
    return terms;
  }

  /**
   * The loss of a batch from its user, positive and sampled vectors, the positive scored apart:
   * positive and negative scores (cosine / temperature, negatives logQ-corrected and masked).
   */
  private NDArray scores(NDManager step, NDArray tau, NDArray u, NDArray v, NDArray drawn,
      float[] positiveCorrection, NDArray inCorr, NDArray inMask, NDArray sCorr, NDArray sMask) {
    NDArray positive = u.mul(v).sum(new int[] {1}, true).div(tau);
    NDList negs = new NDList();
    NDList negMasks = new NDList();
    if (inMask != null) {
      negs.add(u.matMul(v.transpose()).div(tau).sub(inCorr));
      negMasks.add(inMask);
    }
    if (drawn != null) {
      negs.add(u.matMul(drawn.transpose()).div(tau).sub(sCorr));
      negMasks.add(sMask);
    }
    NDArray neg = negs.size() == 1 ? negs.get(0) : NDArrays.concat(negs, 1);
    NDArray negMask = negMasks.size() == 1 ? negMasks.get(0) : NDArrays.concat(negMasks, 1);
    return loss.loss(step, positive, positiveCorrection, neg, negMask);
  }
}
