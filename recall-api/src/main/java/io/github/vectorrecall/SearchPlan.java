package io.github.vectorrecall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The costs and recalls of an index's search modes, measured on sample queries by {@link
 * IndexTuner#plan}, and the planner that chooses among them per request: of the measured modes
 * (and ef) whose recall@K reached the target, the one nearest the best P50 and the best P99
 * (the least of the two ratios' larger), with costs scaled to the request.
 *
 * <p>How a request is matched to the measurements:
 *
 * <ul>
 *   <li><b>K</b>: the measurements at the smallest measured K at or above the request's (recall
 *       at a smaller K is no lower for the same mode and ef), or at the largest measured K when
 *       the request's is above them all.
 *   <li><b>Catalog size</b>: a scan's cost grows with the items; a graph walk's with their
 *       logarithm. Costs are scaled from the size measured to the size now.
 *   <li><b>Filter</b>: when the filter knows how many ids it accepts ({@link
 *       IdFilter#expectedAccepted()}, share {@code s}), a scan costs {@code 0.05 + 0.95 s} of an
 *       unfiltered one (it tests the filter on every item, about 5% of a score, and scores only
 *       what passes), a walk {@code 1 / s} (it meets {@code 1 / s} nodes per result it keeps).
 * </ul>
 *
 * <p>When no measured option reaches the target, the plan takes the one with the highest recall
 * and says so in the choice's reason. A plan is immutable and thread-safe.
 */
public final class SearchPlan {
  /**
   * One measured option.
   *
   * @param mode the search mode (not {@link SearchMode#AUTO})
   * @param k the result size it was measured at
   * @param ef the graph's effort (0 for scans)
   * @param recall mean recall@K against the exact result on the sample queries
   * @param p50Millis median latency of one query on one thread
   * @param p99Millis 99th percentile latency
   */
  public record Measurement(SearchMode mode, int k, int ef, double recall, double p50Millis,
      double p99Millis) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the mode is AUTO or a number is out of range
     */
    public Measurement {
      Objects.requireNonNull(mode, "mode");
      if (mode == SearchMode.AUTO || k < 1 || ef < 0 || !(recall >= 0 && recall <= 1)
          || !(p50Millis >= 0) || !(p99Millis >= 0)) {
        throw new IllegalArgumentException("bad measurement: mode " + mode + ", k " + k + ", ef "
            + ef + ", recall " + recall + ", P50 " + p50Millis + ", P99 " + p99Millis);
      }
    }
  }

  private final int measuredSize;
  private final List<Measurement> measurements;

  /**
   * A plan from measurements.
   *
   * @param measuredSize the index size when they were measured, at least 1
   * @param measurements at least one (copied)
   * @throws IllegalArgumentException if the size is not positive or there are no measurements
   */
  public SearchPlan(int measuredSize, List<Measurement> measurements) {
    Objects.requireNonNull(measurements, "measurements");
    if (measuredSize < 1 || measurements.isEmpty()) {
      throw new IllegalArgumentException("a plan needs a positive size and measurements; size="
          + measuredSize + ", measurements=" + measurements.size());
    }
    this.measuredSize = measuredSize;
    this.measurements = List.copyOf(measurements);
  }

  /** @return the index size the measurements were taken at */
  public int measuredSize() {
    return measuredSize;
  }

  /** @return every measurement, in the order measured */
  public List<Measurement> measurements() {
    return measurements;
  }

  /**
   * Chooses the search for one request.
   *
   * @param k the request's K
   * @param recallTarget the recall@K to reach, in (0, 1]
   * @param size the index's size now
   * @param filterAccepted ids the request's filter accepts, or -1 when unknown or no filter
   * @return the choice, with the recall and latency it expects and why
   */
  public SearchChoice choose(int k, double recallTarget, int size, long filterAccepted) {
    int kRef = -1;
    int largest = 0;
    for (Measurement m : measurements) {
      largest = Math.max(largest, m.k());
      if (m.k() >= k && (kRef < 0 || m.k() < kRef)) {
        kRef = m.k();
      }
    }
    boolean above = kRef < 0;
    if (above) {
      kRef = largest;
    }
    double share = filterAccepted < 0 ? 1 : Math.min(1, filterAccepted / (double) Math.max(1, size));
    List<double[]> costs = new ArrayList<>(); // {index, P50 cost, P99 cost}
    for (int i = 0; i < measurements.size(); i++) {
      Measurement m = measurements.get(i);
      if (m.k() == kRef) {
        costs.add(new double[] {i, cost(m, m.p50Millis(), size, share),
            cost(m, m.p99Millis(), size, share)});
      }
    }
    costs.sort(Comparator.comparingDouble(c -> c[1]));
    List<double[]> reaching = new ArrayList<>();
    for (double[] c : costs) {
      if (measurements.get((int) c[0]).recall() >= recallTarget) {
        reaching.add(c);
      }
    }
    double[] best;
    String why;
    if (reaching.isEmpty()) {
      best = costs.stream().max(Comparator.comparingDouble(
          (double[] c) -> measurements.get((int) c[0]).recall())
          .thenComparing(c -> -c[1])).orElseThrow();
      why = String.format(Locale.ROOT, "no measured option reaches recall %.3f at K=%d; the "
          + "highest measured", recallTarget, kRef);
    } else {
      best = nearestBest(reaching);
      why = String.format(Locale.ROOT, "cheapest of %d options measured at K=%d to reach recall "
          + "%.3f", costs.size(), kRef, recallTarget);
      double[] fastest = reaching.get(0);
      if (best != fastest) {
        why += String.format(Locale.ROOT, ", P99 counted: %.3f ms P99 against %.3f ms for the "
            + "fastest at P50 (%.3f ms against %.3f)", best[2], fastest[2], best[1], fastest[1]);
      }
    }
    Measurement m = measurements.get((int) best[0]);
    StringBuilder reason = new StringBuilder(why);
    if (above) {
      reason.append(" (K=").append(k).append(" is above every K measured)");
    }
    if (size != measuredSize) {
      reason.append(String.format(Locale.ROOT, "; costs scaled from %d items to %d", measuredSize,
          size));
    }
    if (filterAccepted >= 0) {
      reason.append(String.format(Locale.ROOT, "; filter passes %.2f%%", 100 * share));
    }
    return new SearchChoice(m.mode(), m.mode().graph() ? Math.max(m.ef(), k) : 0, m.recall(),
        best[1], reason.toString());
  }

  /**
   * Of the options that reach the target (sorted by P50 cost), the one whose P50 and P99 are
   * nearest the best of each: the least of max(P50 / best P50, P99 / best P99), the lower P50
   * on a tie. A scan and a walk often lie within a few percent at P50 while one of them has the
   * longer tail; this takes the tail into account without letting it outweigh the median.
   */
  private static double[] nearestBest(List<double[]> reaching) {
    double bestP50 = Double.POSITIVE_INFINITY;
    double bestP99 = Double.POSITIVE_INFINITY;
    for (double[] c : reaching) {
      bestP50 = Math.min(bestP50, c[1]);
      bestP99 = Math.min(bestP99, c[2]);
    }
    double[] best = null;
    double bestRatio = Double.POSITIVE_INFINITY;
    for (double[] c : reaching) { // by P50: the first of equal ratios has the lower P50
      double ratio = Math.max(c[1] / Math.max(bestP50, 1e-9), c[2] / Math.max(bestP99, 1e-9));
      if (ratio < bestRatio) {
        bestRatio = ratio;
        best = c;
      }
    }
    return best;
  }

  /** The expected latency of a measured option for a request on {@code size} items. */
  private double cost(Measurement m, double millis, int size, double share) {
    double growth = (double) size / measuredSize;
    if (m.mode().graph()) {
      double depth = Math.max(1, Math.log(Math.max(2, size)) / Math.log(Math.max(2, measuredSize)));
      return millis * depth / Math.max(share, 1e-6);
    }
    return millis * growth * (0.05 + 0.95 * share);
  }

  /**
   * The measurements as a table, one line each.
   *
   * @return a printable table
   */
  public String table() {
    StringBuilder b = new StringBuilder("mode           K      ef   recall   P50 ms   P99 ms\n");
    for (Measurement m : measurements) {
      b.append(String.format(Locale.ROOT, "%-11s %4d %7d   %.4f  %7.3f  %7.3f%n", m.mode(),
          m.k(), m.ef(), m.recall(), m.p50Millis(), m.p99Millis()));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "SearchPlan{measuredSize=" + measuredSize + ", measurements=" + measurements.size()
        + "}";
  }
}
