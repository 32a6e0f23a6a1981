package io.github.vectorrecall.examples;

import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.TrainingListener;
import java.io.PrintStream;

/** A one-line progress bar with throughput and ETA for training, on standard error. */
final class ConsoleProgress implements TrainingListener {
  private final PrintStream out = System.err;
  /** The bar redraws one line with carriage returns: only on a terminal, not into a log file. */
  private final boolean terminal = System.console() != null;
  private final TrainingListener log = TrainingListener.logging();
  private final java.util.List<EpochStats> history = new java.util.ArrayList<>();
  private int epochs;
  private long startNanos;
  private long epochStartNanos;

  @Override
  public void onStart(int epochs, long examplesPerEpoch) {
    this.epochs = epochs;
    this.startNanos = System.nanoTime();
    this.epochStartNanos = startNanos;
  }

  @Override
  public void onProgress(int epoch, long done, long total, double runningLoss) {
    if (!terminal) {
      return;
    }
    double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    double eta = ((total - done) + (double) (epochs - epoch) * total) / Math.max(rate, 1e-9);
    int width = 30;
    int filled = (int) (width * done / Math.max(1, total));
    out.printf("\r  epoch %d/%d [%s%s] %3d%%  loss %.4f  %,.0f ex/s  ETA %.0f s   ", epoch, epochs,
        "#".repeat(filled), ".".repeat(width - filled), 100 * done / Math.max(1, total),
        runningLoss, rate, eta);
    out.flush();
  }

  @Override
  public void onEpochEnd(EpochStats stats) {
    if (terminal) {
      out.print("\r" + " ".repeat(100) + "\r");
      out.flush();
    }
    log.onEpochEnd(stats);
    history.add(stats);
    epochStartNanos = System.nanoTime();
  }

  /** Every epoch seen so far, across runs (model selection, then the refit). */
  java.util.List<EpochStats> history() {
    return history;
  }
}
