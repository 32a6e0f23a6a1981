package io.github.vectorrecall.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the seconds of training go, phase by phase: Java batch assembly, copying the batch into
 * native arrays, the forward pass (towers, scores, loss), the backward pass and the optimiser
 * step. Torch runs each operation to its end on CPU before returning, so laps between phases
 * measure the phases. Each phase counts wall-clock time and the training thread's CPU time: on
 * one torch thread (whose operations run on the calling thread) the CPU time is the work done,
 * whatever else shares the cores. Not thread-safe: one per fit.
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
    /** Clipping, the AdamW update, and freeing the step's arrays. */
    OPTIMIZER
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
  private final long[] nanos = new long[Phase.values().length];
  private final long[] cpuNanos = new long[Phase.values().length];
  private long last;
  private long lastCpu;

  /** Starts timing from now (a phase's lap runs from the previous lap or start). */
  void start() {
    last = System.nanoTime();
    lastCpu = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
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
    if (cpu) {
      long nowCpu = THREADS.getCurrentThreadCpuTime();
      cpuNanos[phase.ordinal()] += nowCpu - lastCpu;
      lastCpu = nowCpu;
    }
  }

  /**
   * The wall-clock seconds counted for a phase.
   *
   * @param phase the phase
   * @return its seconds since the last {@link #reset()}
   */
  double seconds(Phase phase) {
    return nanos[phase.ordinal()] / 1e9;
  }

  /**
   * The training thread's CPU seconds counted for a phase.
   *
   * @param phase the phase
   * @return its CPU seconds since the last {@link #reset()}, 0 where the JVM cannot tell
   */
  double cpuSeconds(Phase phase) {
    return cpuNanos[phase.ordinal()] / 1e9;
  }

  /** Forgets the times counted so far. */
  void reset() {
    Arrays.fill(nanos, 0L);
    Arrays.fill(cpuNanos, 0L);
  }

  /**
   * One line: each phase's wall-clock seconds, share of the total, and the training thread's
   * CPU seconds.
   *
   * @return e.g. {@code assembly 0.41 s (5%, cpu 0.40 s), tensors ...}
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
      b.append(String.format(Locale.ROOT, "%s %.2f s (%.0f%%, cpu %.2f s)",
          p.name().toLowerCase(Locale.ROOT), seconds(p),
          100.0 * nanos[p.ordinal()] / Math.max(1, total), cpuSeconds(p)));
    }
    return b.toString();
  }
}
