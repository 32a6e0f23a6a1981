package io.github.vectorrecall.train;

import io.github.vectorrecall.model.internal.NamedTensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * Model selection by a validation figure: keeps the best epoch and its weights, and says stop
 * once the figure has not improved for {@code patience} epochs. Without validation it only
 * carries the planned epoch count as the "best" one.
 */
final class EarlyStopping {
  private final int patience;
  private double best;
  private int bestEpoch;
  private List<NamedTensor> bestWeights;
  private int sinceBest;

  private EarlyStopping(int patience, double best, int bestEpoch, List<NamedTensor> bestWeights,
      int sinceBest) {
    this.patience = patience;
    this.best = best;
    this.bestEpoch = bestEpoch;
    this.bestWeights = bestWeights;
    this.sinceBest = sinceBest;
  }

  /**
   * A fresh record.
   *
   * @param patience epochs without improvement before stopping
   * @param plannedEpochs the fit's epochs, the best epoch until one is measured
   * @return the record
   */
  static EarlyStopping start(int patience, int plannedEpochs) {
    return new EarlyStopping(patience, -1, plannedEpochs, null, 0);
  }

  /**
   * The record a checkpoint saved.
   *
   * @param patience epochs without improvement before stopping
   * @param saved the checkpoint's state
   * @return the record
   */
  static EarlyStopping resume(int patience, Checkpoint.State saved) {
    return new EarlyStopping(patience, saved.bestHr(), saved.bestEpoch(),
        saved.best().isEmpty() ? null : saved.best(), saved.sinceBest());
  }

  /**
   * Records an epoch's figure.
   *
   * @param epoch the epoch
   * @param figure its validation figure, higher is better
   * @param weights the epoch's weights, read only when they are the best so far
   * @return whether training should stop
   */
  boolean record(int epoch, double figure, Supplier<List<NamedTensor>> weights) {
    if (figure > best) {
      best = figure;
      bestEpoch = epoch;
      bestWeights = weights.get();
      sinceBest = 0;
      return false;
    }
    return ++sinceBest >= patience;
  }

  /** @return the best figure so far, -1 before any */
  double best() {
    return best;
  }

  /** @return the best epoch so far */
  int bestEpoch() {
    return bestEpoch;
  }

  /** @return the best epoch's weights, or null when none are kept */
  List<NamedTensor> bestWeights() {
    return bestWeights;
  }

  /** @return the epochs since the best */
  int sinceBest() {
    return sinceBest;
  }
}
