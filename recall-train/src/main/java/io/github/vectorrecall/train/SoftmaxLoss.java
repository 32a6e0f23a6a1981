package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vectorrecall.torch.internal.TwoTowerNet;

/**
 * Sampled softmax (InfoNCE) with logQ correction: the negative log-probability of the positive
 * among itself and the masked negatives, the positive's logit corrected as the candidate set it
 * competes in would count it.
 */
final class SoftmaxLoss implements BatchLoss {
  @Override
  public NDArray loss(NDManager step, NDArray positive, float[] positiveCorrection,
      NDArray negatives, NDArray negativeMask) {
    int n = positiveCorrection.length;
    NDArray pos = positive.sub(step.create(positiveCorrection, new Shape(n, 1)));
    NDArray logits = NDArrays.concat(new NDList(pos, negatives.add(negativeMask)), 1);
    return logits.logSoftmax(1).get(":, 0").sum().div(TwoTowerNet.constant(step, -n));
  }

  /**
   * The same loss when each row's positive is on the diagonal of one score matrix (its own
   * column among the in-batch candidates, unmasked, logQ-corrected as the in-batch negatives
   * are): the mean over rows of log-sum-exp of the row minus its positive. The positive is
   * given apart, as a row-wise product, so that no gradient goes through a diagonal of the
   * matrix; the row's maximum is a constant to autograd (the log-sum-exp's gradient is the
   * softmax either way), so the backward pass reuses the forward's exponentials.
   *
   * @param step the step's manager
   * @param logits (n, m) with m &gt;= n, corrected and masked, positives on the diagonal
   * @param positive (n), each row's diagonal logit
   * @return a scalar
   */
  static NDArray onDiagonal(NDManager step, NDArray logits, NDArray positive) {
    long n = logits.getShape().get(0);
    NDArray max = logits.max(new int[] {1}, true).stopGradient();
    NDArray logSumExp = logits.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    return logSumExp.sub(positive).sum().div(TwoTowerNet.constant(step, n));
  }
}
