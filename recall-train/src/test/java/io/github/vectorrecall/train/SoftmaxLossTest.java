package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxLossTest {
  /**
   * The one-matrix form (log-sum-exp of each row minus its diagonal positive, masked cells set)
   * gives the loss and the gradient of the former form: the positive scored apart beside its
   * masked negatives.
   */
  @Test
  void onDiagonal_equalsThePositiveBesideMaskedNegatives_lossAndGradient() {
    int n = 6;
    int s = 5;
    int m = n + s;
    Random rnd = new Random(3);
    float[] scores = new float[n * m];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) rnd.nextGaussian() * 4;
    }
    int[] targets = {5, 7, 6, 5, 8, 9};
    int[] owners = {1, 1, 2, 3, 4, 4};
    int[] sampled = {6, 9, 1, 2, 3};
    long[][] cells = NegativeMasks.softmaxMasked(targets, owners, sampled);
    float[] inBatchMask = NegativeMasks.inBatch(targets, owners);
    float[] sampledMask = NegativeMasks.sampled(targets, sampled);
    TorchRuntime.load(1);
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      NDArray a = base.create(scores, new Shape(n, m)).duplicate();
      a.setRequiresGradient(true);
      float oneMatrix;
      float[] gradOne;
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray logits = a.mul(TwoTowerNet.constant(base, 1f));
        logits.set(new NDIndex("{}, {}", base.create(cells[0]), base.create(cells[1])),
            NegativeMasks.MASKED);
        NDArray positive = a.get(diagonal(base, n));
        NDArray loss = SoftmaxLoss.onDiagonal(base, logits, positive);
        gc.backward(loss);
        oneMatrix = loss.getFloat();
        gradOne = a.getGradient().toFloatArray();
      }
      a.getGradient().subi(a.getGradient());
      float separate;
      float[] gradSeparate;
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray diag = a.get(diagonal(base, n)).reshape(n, 1);
        NDArray inBatch = a.get(":, 0:" + n)
            .add(base.create(inBatchMask, new Shape(n, n)));
        // the former in-batch mask masks the diagonal too: the positive is scored apart
        NDArray drawn = a.get(":, " + n + ":");
        NDArray negatives = inBatch.concat(drawn, 1);
        float[] negativeMask = new float[n * m];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < s; j++) {
            negativeMask[i * m + n + j] = sampledMask[i * s + j];
          }
        }
        NDArray loss = new SoftmaxLoss().loss(base, diag, new float[n], negatives,
            base.create(negativeMask, new Shape(n, m)));
        gc.backward(loss);
        separate = loss.getFloat();
        gradSeparate = a.getGradient().toFloatArray();
      }
      assertEquals(separate, oneMatrix, 1e-5f);
      assertArrayEquals(gradSeparate, gradOne, 1e-6f);
    }
  }

  private static NDIndex diagonal(NDManager m, int n) {
    long[] i = new long[n];
    for (int k = 0; k < n; k++) {
      i[k] = k;
    }
    return new NDIndex("{}, {}", m.create(i), m.create(i));
  }
}
