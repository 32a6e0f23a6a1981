package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void rate_warmsUpLinearlyThenDecaysToFivePercent() {
    LearningRateSchedule s = new LearningRateSchedule(0.01f, 1000); // warm-up: 100 steps
    assertEquals(0.01f / 100, s.rate(0), 1e-9f);
    assertEquals(0.01f * 50 / 100, s.rate(49), 1e-9f);
    assertEquals(0.01f, s.rate(99), 1e-9f);
    assertEquals(0.01f, s.rate(100), 1e-9f, "the cosine starts at the peak");
    assertEquals(0.01f * 0.525f, s.rate(550), 1e-6f, "half-way down the cosine");
    assertEquals(0.01f * 0.05f, s.rate(1000), 1e-9f);
    assertEquals(0.01f * 0.05f, s.rate(5000), 1e-9f, "stays at the floor past the end");
    for (long step = 100; step < 1000; step++) {
      assertTrue(s.rate(step + 1) <= s.rate(step), "decays monotonically at step " + step);
    }
  }

  @Test
  void rate_warmUpIsAtMost500AndAtLeastOneStep() {
    LearningRateSchedule longRun = new LearningRateSchedule(1f, 100_000);
    assertEquals(1f / 500, longRun.rate(0), 1e-9f);
    assertEquals(1f, longRun.rate(499), 1e-9f);
    LearningRateSchedule oneStep = new LearningRateSchedule(1f, 1);
    assertEquals(1f, oneStep.rate(0), 1e-9f);
  }
}
