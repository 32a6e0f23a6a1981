package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
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
      assertTrue(optimizer.step(step, params, List.of(), 0.1f));
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

  private static final float[] TABLE = {1f, -2f, 0.5f, 3f, -1f, 0.25f};

  /**
   * One step on the loss sum over the read rows of (row + 1) * w^2, through the table (dense) or
   * through the read rows gathered apart (lazy); returns the table after it.
   */
  private static float[] tableStep(NDManager base, AdamW optimizer, NDArray table, long[] read,
      boolean lazy) {
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("t", table);
    try (NDManager step = base.newSubManager()) {
      NDArray index = step.create(read);
      NDArray scale = step.create(read).toType(DataType.FLOAT32, false)
          .add(1f).reshape(read.length, 1);
      NDArray rows = lazy ? TwoTowerNet.rows(table, index) : null;
      if (lazy) {
        rows.setRequiresGradient(true);
      }
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray x = lazy ? rows : TwoTowerNet.rows(table, index);
        gc.backward(x.mul(x).mul(scale).sum());
      }
      TorchRuntime.setGradMode(false);
      assertTrue(optimizer.step(step, params,
          lazy ? List.of(new AdamW.Rows("t", index, rows)) : List.of(), 0.1f));
    }
    return table.toFloatArray();
  }

  private static NDArray table(NDManager base) {
    NDArray t = base.create(TABLE, new Shape(3, 2)).duplicate();
    t.setRequiresGradient(true);
    return t;
  }

  /**
   * A lazy step moves the rows it read exactly as a dense step does, and leaves the others, and
   * their moments, alone; a dense step moves rows read earlier by their momentum.
   */
  @Test
  void lazyRows_stepTheRowsReadAsDenseDoesAndLeaveTheOthers() {
    TorchRuntime.load(1);
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      NDArray denseTable = table(base);
      NDArray lazyTable = table(base);
      AdamW dense = optimizer(base, 0f);
      AdamW lazy = optimizer(base, 0f);
      long[] first = {2, 0};
      float[] denseFirst = tableStep(base, dense, denseTable, first, false);
      float[] lazyFirst = tableStep(base, lazy, lazyTable, first, true);
      assertArrayEquals(denseFirst, lazyFirst, 1e-7f);
      assertEquals(TABLE[2], lazyFirst[2]); // row 1, not read, unmoved
      assertEquals(TABLE[3], lazyFirst[3]);

      long[] second = {1};
      float[] denseSecond = tableStep(base, dense, denseTable, second, false);
      float[] lazySecond = tableStep(base, lazy, lazyTable, second, true);
      for (int row = 0; row < 3; row++) {
        for (int c = 0; c < 2; c++) {
          int i = row * 2 + c;
          if (row == 1) {
            assertEquals(denseSecond[i], lazySecond[i], 1e-7f, "row 1, read: as dense");
            assertTrue(lazySecond[i] != lazyFirst[i], "row 1, read: moved");
          } else {
            assertEquals(lazyFirst[i], lazySecond[i], "row " + row + ", not read: unmoved");
            assertTrue(denseSecond[i] != denseFirst[i], "row " + row + ": dense momentum");
          }
        }
      }
      // The moments of the rows not read are those of the first step.
      Map<String, float[]> lazyMoments = new LinkedHashMap<>();
      lazy.exportMoments().forEach(m -> lazyMoments.put(m.name(), m.data()));
      Map<String, float[]> denseMoments = new LinkedHashMap<>();
      dense.exportMoments().forEach(m -> denseMoments.put(m.name(), m.data()));
      float[] lazyM = lazyMoments.get("m:t");
      float[] denseM = denseMoments.get("m:t");
      for (int c = 0; c < 2; c++) {
        assertEquals(denseM[2 + c], lazyM[2 + c], 1e-7f, "row 1's first moment, read");
        assertEquals(denseM[c], 0.9f * lazyM[c], 1e-7f, "row 0's first moment: dense decays it");
      }
    }
  }
}
