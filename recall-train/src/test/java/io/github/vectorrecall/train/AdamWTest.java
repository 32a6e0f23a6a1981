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
      TorchRuntime.setGradMode(false);
      AdamW.Rows rows = lazy ? optimizer.gather(step, "t", table, read) : null;
      try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
        NDArray x = lazy ? rows.values() : TwoTowerNet.rows(table, index);
        gc.backward(x.mul(x).mul(scale).sum());
      }
      TorchRuntime.setGradMode(false);
      assertTrue(optimizer.step(step, params, lazy ? List.of(rows) : List.of(), 0.1f));
    }
    return table.toFloatArray();
  }

  private static NDArray table(NDManager base) {
    NDArray t = base.create(TABLE, new Shape(3, 2)).duplicate();
    t.setRequiresGradient(true);
    return t;
  }

  /**
   * A lazy step leaves the rows it did not read alone, and catches each row it reads up on the
   * steps it missed, so that after {@link AdamW#catchUpAll} the table and its moments are those
   * of dense AdamW, whose momentum moves every row every step.
   */
  @Test
  void lazyRows_caughtUp_areDenseAdamW() {
    TorchRuntime.load(1);
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      NDArray denseTable = table(base);
      NDArray lazyTable = table(base);
      AdamW dense = optimizer(base, 0f);
      AdamW lazy = optimizer(base, 0f);
      long[][] reads = {{2, 0}, {1}, {0}, {1, 2}, {1}};
      float[][] denseAfter = new float[reads.length][];
      float[][] lazyAfter = new float[reads.length][];
      for (int s = 0; s < reads.length; s++) {
        denseAfter[s] = tableStep(base, dense, denseTable, reads[s], false);
        lazyAfter[s] = tableStep(base, lazy, lazyTable, reads[s], true);
      }
      // Step 1: nothing was missed yet, so the rows read move as dense ones; row 1 stays.
      assertArrayEquals(denseAfter[0], lazyAfter[0], 1e-7f);
      assertEquals(TABLE[2], lazyAfter[0][2]);
      // Step 2 reads row 1 only: rows 0 and 2 wait, where dense momentum moved them.
      for (int c = 0; c < 2; c++) {
        assertEquals(lazyAfter[0][c], lazyAfter[1][c], "row 0 waits");
        assertEquals(lazyAfter[0][4 + c], lazyAfter[1][4 + c], "row 2 waits");
        assertTrue(denseAfter[1][c] != denseAfter[0][c], "dense momentum moves row 0");
        assertEquals(denseAfter[1][2 + c], lazyAfter[1][2 + c], 1e-7f, "row 1, read");
        // Step 3 reads row 0: caught up on step 2, then stepped.
        assertEquals(denseAfter[2][c], lazyAfter[2][c], 1e-6f, "row 0, caught up");
      }
      TorchRuntime.setGradMode(false);
      Map<String, NDArray> params = new LinkedHashMap<>();
      params.put("t", lazyTable);
      lazy.catchUpAll(params);
      assertArrayEquals(denseTable.toFloatArray(), lazyTable.toFloatArray(), 1e-6f);
      Map<String, float[]> lazyMoments = new LinkedHashMap<>();
      lazy.exportMoments().forEach(m -> lazyMoments.put(m.name(), m.data()));
      for (NamedTensor m : dense.exportMoments()) {
        float[] expected = m.data();
        float[] actual = lazyMoments.get(m.name());
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-6 * Math.abs(expected[i]) + 1e-12,
              m.name() + "[" + i + "]");
        }
      }
      // Past an epoch's end (catchUpAll), rows caught up again from there.
      long[][] more = {{2}, {0}, {0}, {1, 2}};
      for (long[] read : more) {
        tableStep(base, dense, denseTable, read, false);
        tableStep(base, lazy, lazyTable, read, true);
      }
      TorchRuntime.setGradMode(false);
      lazy.catchUpAll(params);
      assertArrayEquals(denseTable.toFloatArray(), lazyTable.toFloatArray(), 1e-6f);
    }
  }
}
