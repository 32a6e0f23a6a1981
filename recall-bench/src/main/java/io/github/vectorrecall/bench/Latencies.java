package io.github.vectorrecall.bench;

import org.HdrHistogram.Histogram;

/**
 * Per-query latencies of one configuration: recorded in nanoseconds into an HdrHistogram with 3
 * significant digits (0.1% resolution, any range), read back as percentiles in milliseconds.
 * Not thread-safe: one thread records.
 */
final class Latencies {
  private final Histogram histogram = new Histogram(3);

  /**
   * Records one query.
   *
   * @param nanos its duration in nanoseconds
   */
  void record(long nanos) {
    histogram.recordValue(nanos);
  }

  /**
   * Number of queries recorded.
   *
   * @return the count
   */
  long count() {
    return histogram.getTotalCount();
  }

  /**
   * A percentile of the recorded durations.
   *
   * @param percentile 50 for the median, 99.9 for P99.9
   * @return milliseconds
   */
  double ms(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
