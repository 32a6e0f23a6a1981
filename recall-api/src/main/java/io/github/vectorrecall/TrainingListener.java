package io.github.vectorrecall;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives training progress. All methods have empty defaults; they are called on the training
 * thread, so keep them quick.
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called before the first epoch.
   *
   * @param epochs planned number of epochs
   * @param examplesPerEpoch training examples per epoch
   */
  default void onStart(int epochs, long examplesPerEpoch) {}

  /**
   * Called every few batches.
   *
   * @param epoch 1-based epoch
   * @param examplesDone examples done in this epoch
   * @param examplesTotal examples per epoch
   * @param runningLoss mean loss so far in this epoch
   */
  default void onProgress(int epoch, long examplesDone, long examplesTotal, double runningLoss) {}

  /**
   * Called after each epoch.
   *
   * @param stats what the epoch did
   */
  default void onEpochEnd(EpochStats stats) {}

  /**
   * A listener that logs each epoch through SLF4J at INFO (logger {@code
   * io.github.vectorrecall.training}).
   *
   * @return the listener
   */
  static TrainingListener logging() {
    Logger log = LoggerFactory.getLogger("io.github.vectorrecall.training");
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochStats s) {
        log.info(
            "{}epoch {}/{}: loss {} in {} s, {} examples/s, ETA {} s{}",
            s.member() == 0 ? "" : "member " + s.member() + ", ",
            s.epoch(),
            s.epochs(),
            String.format("%.4f", s.loss()),
            String.format("%.1f", s.seconds()),
            String.format("%.0f", s.examplesPerSecond()),
            String.format("%.0f", s.etaSeconds()),
            s.validation().isEmpty() ? "" : ", validation " + s.validation());
      }
    };
  }
}
