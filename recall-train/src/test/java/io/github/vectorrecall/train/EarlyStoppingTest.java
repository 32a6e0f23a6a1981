package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.model.internal.NamedTensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  private static List<NamedTensor> weights(float value) {
    return List.of(new NamedTensor("w", new long[] {1}, new float[] {value}));
  }

  @Test
  void record_keepsTheBestEpochAndStopsAfterPatience() {
    EarlyStopping s = EarlyStopping.start(2, 10);
    assertEquals(10, s.bestEpoch(), "the planned epochs until one is measured");
    assertNull(s.bestWeights());
    List<NamedTensor> second = weights(2);
    assertFalse(s.record(1, 0.3, () -> weights(1)));
    assertFalse(s.record(2, 0.5, () -> second));
    assertFalse(s.record(3, 0.5, () -> weights(3)), "a tie is no improvement, but patience 2");
    assertTrue(s.record(4, 0.4, () -> weights(4)));
    assertEquals(2, s.bestEpoch());
    assertEquals(0.5, s.best());
    assertSame(second, s.bestWeights());
    assertEquals(2, s.sinceBest());
  }

  @Test
  void record_readsWeightsOnlyOnImprovement() {
    EarlyStopping s = EarlyStopping.start(3, 5);
    int[] reads = new int[1];
    Supplier<List<NamedTensor>> counted = () -> {
      reads[0]++;
      return weights(0);
    };
    s.record(1, 0.2, counted);
    s.record(2, 0.1, counted);
    s.record(3, 0.2, counted);
    s.record(4, 0.3, counted);
    assertEquals(2, reads[0]);
  }

  @Test
  void resume_continuesTheSavedRecord() {
    Checkpoint.State saved = new Checkpoint.State(Checkpoint.Phase.SELECT, 8, 3, 30, 30, 1.0,
        0.6, 2, 1, false, weights(3), List.of(), weights(2));
    EarlyStopping s = EarlyStopping.resume(2, saved);
    assertEquals(0.6, s.best());
    assertEquals(2, s.bestEpoch());
    assertEquals(2f, s.bestWeights().get(0).data()[0]);
    assertTrue(s.record(4, 0.55, () -> weights(4)), "the second epoch without improvement");
    EarlyStopping none = EarlyStopping.resume(2, new Checkpoint.State(Checkpoint.Phase.FINAL, 8,
        3, 30, 30, 1.0, -1, 8, 0, false, weights(3), List.of(), List.of()));
    assertNull(none.bestWeights(), "an empty saved list means no best weights are kept");
  }
}
