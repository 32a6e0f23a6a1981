package io.github.vectorrecall;

import java.util.Locale;

/**
 * Which search ran (or would run) for a request, and why: what {@link
 * RecallEngine#explain(UserQuery)} returns and the engine logs at debug level.
 *
 * @param mode the search mode
 * @param ef the graph's effort ({@code 0}: the index default; ignored by scans)
 * @param expectedRecall the recall@K the plan measured for this choice on its sample queries, or
 *     {@code NaN} when no plan was measured
 * @param expectedMillis the P50 latency the plan expects at the index's current size (and the
 *     filter's share, when known), or {@code NaN} without a plan
 * @param reason one line on why this choice
 */
public record SearchChoice(SearchMode mode, int ef, double expectedRecall, double expectedMillis,
    String reason) {

  /**
   * A choice made without a plan (forced by the caller, or left to the index).
   *
   * @param mode the mode
   * @param ef the effort
   * @param reason why
   * @return the choice, with unknown expectations
   */
  public static SearchChoice unplanned(SearchMode mode, int ef, String reason) {
    return new SearchChoice(mode, ef, Double.NaN, Double.NaN, reason);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s ef=%d expected recall %.3f, P50 %.3f ms: %s", mode, ef,
        expectedRecall, expectedMillis, reason);
  }
}
