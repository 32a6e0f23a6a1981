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
 * @param member the ensemble member the epoch belongs to, from 0; 0 for a single model. Members
 *     that train at once report their epochs interleaved, so a listener that keeps per-epoch
 *     figures keys them by member.
 */
public record EpochStats(
    int epoch,
    int epochs,
    double loss,
    double seconds,
    double examplesPerSecond,
    double etaSeconds,
    Map<String, Double> validation,
    int member) {

  /**
   * Copies the metrics.
   *
   * @throws IllegalArgumentException if {@code member} is negative
   */
  public EpochStats {
    validation = Map.copyOf(validation);
    if (member < 0) {
      throw new IllegalArgumentException("member must be >= 0; member=" + member);
    }
  }

  /**
   * An epoch of a single model (member 0).
   *
   * @param epoch 1-based epoch number
   * @param epochs planned number of epochs
   * @param loss mean training loss over the epoch
   * @param seconds wall time of the epoch
   * @param examplesPerSecond training examples (interactions) per second
   * @param etaSeconds estimated seconds to finish the remaining epochs
   * @param validation validation metrics by name, empty if none
   */
  public EpochStats(int epoch, int epochs, double loss, double seconds, double examplesPerSecond,
      double etaSeconds, Map<String, Double> validation) {
    this(epoch, epochs, loss, seconds, examplesPerSecond, etaSeconds, validation, 0);
  }
}
