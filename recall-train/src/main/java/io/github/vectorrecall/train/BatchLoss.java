package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The loss of one batch from its scores, inside a recorded autograd expression: every number
 * that enters it is a torch-owned constant ({@code TwoTowerNet.constant}), never a DJL scalar
 * operation such as {@code x.div(2f)}.
 */
interface BatchLoss {
  /**
   * The batch's mean loss.
   *
   * @param step the step's manager
   * @param positive each example's positive score, (n, 1)
   * @param positiveCorrection each positive's logQ correction (zeros without correction), n
   * @param negatives each example's negative scores, logQ-corrected, (n, m)
   * @param negativeMask 0 for a valid negative, {@link NegativeMasks#MASKED} for one that is the
   *     positive, (n, m)
   * @return a scalar
   */
  NDArray loss(NDManager step, NDArray positive, float[] positiveCorrection, NDArray negatives,
      NDArray negativeMask);

  /**
   * The loss of a configuration.
   *
   * @param loss the configured objective
   * @return its implementation
   */
  static BatchLoss of(TwoTowerConfig.Loss loss) {
    return switch (loss) {
      case SOFTMAX -> new SoftmaxLoss();
      case BPR -> new BprLoss();
    };
  }
}
