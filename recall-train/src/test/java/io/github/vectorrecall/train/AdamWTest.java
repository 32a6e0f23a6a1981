package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final float[] START = {1f, -2f, 0.5f};
  private static final float[] SLOPE = {0.3f, -1f, 2f};

  /** One step on the loss sum(SLOPE * w^2); returns the weights after it. */
  private static float[] step(NDManager base, AdamW optimizer, Map<String, NDArray> params) {
    NDArray w = params.get("w");
    try (NDManager step = base.newSubManager();
        GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
      gc.backward(w.mul(w).mul(step.create(SLOPE)).sum());
    }
    TorchRuntime.setGradMode(false); // the in-place updates need it off, as in training
    try (NDManager step = base.newSubManager()) {
      assertTrue(optimizer.step(step, params, 0.1f));
    }
    return w.toFloatArray();
  }

  /** AdamW without weight decay or clipping, averaging with {@code decay}. */
  private static AdamW optimizer(NDManager base, float decay) {
    return new AdamW(base, 0f, 1e9f, decay);
  }

  private static Map<String, NDArray> params(NDManager base) {
    NDArray w = base.create(START).duplicate();
    w.setRequiresGradient(true);
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("w", w);
    return params;
  }

  /**
   * With a decay d, the served weights after step t are the stepped weights of steps 1..t
   * weighted by d^(t - s) and normalised; the random start weighs nothing.
   */
  @Test
  void exportAverages_isTheBiasCorrectedAverageOfTheSteppedWeights() {
    TorchRuntime.load(1);
    float decay = 0.6f;
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      Map<String, NDArray> params = params(base);
      AdamW optimizer = optimizer(base, decay);
      assertTrue(optimizer.averaging());
      List<float[]> stepped = new ArrayList<>();
      for (int t = 1; t <= 5; t++) {
        stepped.add(step(base, optimizer, params));
        double[] expected = new double[START.length];
        double weight = 0;
        for (int s = 1; s <= t; s++) {
          double ws = Math.pow(decay, t - s);
          weight += ws;
          for (int i = 0; i < expected.length; i++) {
            expected[i] += ws * stepped.get(s - 1)[i];
          }
        }
        List<NamedTensor> averaged = optimizer.exportAverages(params);
        assertEquals("w", averaged.get(0).name());
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i] / weight, averaged.get(0).data()[i], 1e-6,
              "component " + i + " after step " + t);
        }
      }
      assertFalse(Arrays.equals(stepped.get(4),
          optimizer.exportAverages(params).get(0).data()), "the average is not the last step");
    }
  }

  /** The average travels with the moments: a restored optimiser continues it exactly. */
  @Test
  void restore_continuesTheAverage() {
    TorchRuntime.load(1);
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      Map<String, NDArray> whole = params(base);
      AdamW unbroken = optimizer(base, 0.9f);
      Map<String, NDArray> broken = params(base);
      AdamW first = optimizer(base, 0.9f);
      for (int t = 0; t < 3; t++) {
        step(base, unbroken, whole);
        step(base, first, broken);
      }
      AdamW resumed = optimizer(base, 0.9f);
      resumed.restore(first.exportMoments(), first.steps());
      for (int t = 0; t < 2; t++) {
        step(base, unbroken, whole);
        step(base, resumed, broken);
      }
      assertArrayEquals(unbroken.exportAverages(whole).get(0).data(),
          resumed.exportAverages(broken).get(0).data());

      List<NamedTensor> withoutAverages = first.exportMoments().stream()
          .filter(t -> !t.name().startsWith("a:")).toList();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> optimizer(base, 0.9f).restore(withoutAverages, 3));
      assertTrue(e.getMessage().contains("weight averages of []"), e.getMessage());
    }
  }

  /** Without averaging, what is served is the weights themselves. */
  @Test
  void exportAverages_withoutAveraging_isTheWeights() {
    TorchRuntime.load(1);
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      Map<String, NDArray> params = params(base);
      AdamW optimizer = optimizer(base, 0f);
      assertFalse(optimizer.averaging());
      float[] last = step(base, optimizer, params);
      assertArrayEquals(last, optimizer.exportAverages(params).get(0).data());
      assertTrue(optimizer.exportMoments().stream().noneMatch(t -> t.name().startsWith("a:")));
    }
  }
}
