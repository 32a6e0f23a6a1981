package io.github.vectorrecall.train;

/**
 * The learning rate of each optimiser step: linear warm-up over the first tenth of the steps (at
 * most 500, at least 1) to the peak, then cosine decay to 5% of the peak at the last step.
 */
final class LearningRateSchedule {
  private final float peak;
  private final long totalSteps;
  private final long warmUp;

  /**
   * Creates the schedule of one fit.
   *
   * @param peak the rate at the end of the warm-up
   * @param totalSteps the steps of the fit
   */
  LearningRateSchedule(float peak, long totalSteps) {
    this.peak = peak;
    this.totalSteps = totalSteps;
    this.warmUp = Math.max(1, Math.min(totalSteps / 10, 500));
  }

  /**
   * The rate of a step.
   *
   * @param step the step, from 0
   * @return the learning rate
   */
  float rate(long step) {
    return step < warmUp ? peak * (step + 1) / warmUp : (float) (peak * (0.05 + 0.95 * 0.5
        * (1 + Math.cos(Math.PI * Math.min(1.0, (double) (step - warmUp)
        / Math.max(1, totalSteps - warmUp))))));
  }
}
