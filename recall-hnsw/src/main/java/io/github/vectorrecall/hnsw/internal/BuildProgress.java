package io.github.vectorrecall.hnsw.internal;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a large build through SLF4J: items done, items per second and the time
 * left. Shared by every provider's bulk add; builds smaller than a provider's threshold log
 * nothing.
 */
public final class BuildProgress {
  private static final Logger LOG = LoggerFactory.getLogger(BuildProgress.class);
  private final String what;
  private final int total;
  private final boolean logs;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();

  /**
   * Starts the clock.
   *
   * @param what the build, named in each line ("hnsw build")
   * @param total items to build
   * @param minTotal the smallest total that is logged
   */
  public BuildProgress(String what, int total, int minTotal) {
    this.what = what;
    this.total = total;
    this.logs = total >= minTotal;
  }

  /**
   * Counts one item done, logging at every tenth of the total; thread-safe.
   */
  public void step() {
    int d = done.incrementAndGet();
    if (logs && d % Math.max(1, total / 10) == 0) {
      log(d);
    }
  }

  /**
   * Logs that {@code doneSoFar} items are done.
   *
   * @param doneSoFar items done
   */
  public void report(int doneSoFar) {
    if (logs) {
      log(doneSoFar);
    }
  }

  private void log(int d) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = d / Math.max(seconds, 1e-9);
    LOG.info("{}: {}/{} items, {} items/s, ETA {} s", what, d, total,
        String.format(Locale.ROOT, "%.0f", rate),
        String.format(Locale.ROOT, "%.0f", (total - d) / Math.max(rate, 1e-9)));
  }
}
