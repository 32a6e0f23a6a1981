package io.github.vectorrecall;

import java.util.Map;

/**
 * What one training epoch did.
 *
 * @param epoch 1-based epoch number
 * @param epochs planned number of epochs
 * @param loss mean training loss over the epoch
 * @param seconds wall time of the epoch
 * @param examplesPerSecond training examples (interactions) per second
 * @param etaSeconds estimated seconds to finish the remaining epochs
 * @param validation validation metrics by name (for example "HR@50"), empty if none
 */
public record EpochStats(
    int epoch,
    int epochs,
    double loss,
    double seconds,
    double examplesPerSecond,
    double etaSeconds,
    Map<String, Double> validation) {

  /** Copies the metrics. */
  public EpochStats {
    validation = Map.copyOf(validation);
  }
}
