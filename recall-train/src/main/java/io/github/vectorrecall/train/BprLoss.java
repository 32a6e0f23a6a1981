package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.vectorrecall.torch.internal.TwoTowerNet;

/**
 * Bayesian personalised ranking: the mean over the valid negatives of -log sigmoid(positive -
 * negative) = log(1 + exp(negative - positive)). Scores are cosine / temperature, so exp never
 * overflows. The positive takes no logQ correction.
 */
final class BprLoss implements BatchLoss {
  @Override
  public NDArray loss(NDManager step, NDArray positive, float[] positiveCorrection,
      NDArray negatives, NDArray negativeMask) {
    NDArray valid = negativeMask.eq(0f).toType(DataType.FLOAT32, false);
    NDArray diff = negatives.sub(positive);
    NDArray one = TwoTowerNet.constant(step, 1f);
    return diff.exp().add(one).log().mul(valid).sum().div(valid.sum().add(one));
  }
}
