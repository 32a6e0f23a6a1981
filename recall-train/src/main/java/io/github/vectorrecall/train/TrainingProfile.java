package io.github.vectorrecall.train;

import java.util.Locale;

/**
 * Where the seconds of training go, phase by phase: Java batch assembly, copying the batch into
 * native arrays, the forward pass (towers, scores, loss), the backward pass and the optimiser
 * step. Torch runs each operation to its end on CPU before returning, so wall-clock laps between
 * phases measure the phases. Not thread-safe: one per fit.
 */
final class TrainingProfile {
  /** The phases of a step, in the order they run. */
  enum Phase {
    /** Filling the Java batch arrays (features, histories, masks, corrections). */
    ASSEMBLY,
    /** Copying the batch into native arrays. */
    TENSORS,
    /** Towers, scores and loss. */
    FORWARD,
    /** Gradients. */
    BACKWARD,
    /** Clipping and the AdamW update. */
    OPTIMIZER
  }

  private final long[] nanos = new long[Phase.values().length];
  private long last;

  /** Starts timing from now (a phase's lap runs from the previous lap or start). */
  void start() {
    last = System.nanoTime();
  }

  /**
   * Ends a phase: the time since the previous lap or {@link #start()} is counted for it.
   *
   * @param phase the phase that just ended
   */
  void lap(Phase phase) {
    long now = System.nanoTime();
    nanos[phase.ordinal()] += now - last;
    last = now;
  }

  /**
   * The seconds counted for a phase.
   *
   * @param phase the phase
   * @return its seconds since the last {@link #reset()}
   */
  double seconds(Phase phase) {
    return nanos[phase.ordinal()] / 1e9;
  }

  /** Forgets the times counted so far. */
  void reset() {
    java.util.Arrays.fill(nanos, 0L);
  }

  /**
   * One line: each phase's seconds and share of the total.
   *
   * @return e.g. {@code assembly 0.41 s (5%), tensors ...}
   */
  String summary() {
    long total = 0;
    for (long n : nanos) {
      total += n;
    }
    StringBuilder b = new StringBuilder();
    for (Phase p : Phase.values()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%s %.2f s (%.0f%%)",
          p.name().toLowerCase(Locale.ROOT), seconds(p),
          100.0 * nanos[p.ordinal()] / Math.max(1, total)));
    }
    return b.toString();
  }
}
