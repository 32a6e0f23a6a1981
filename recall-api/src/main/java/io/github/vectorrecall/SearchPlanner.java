package io.github.vectorrecall;

/**
 * The engine's choice of search per request, in order: a mode the builder forces; an ef the
 * request sets (the index's own choice with that ef); the {@link SearchPlan}'s choice for the
 * recall target; the index's own choice ({@link SearchMode#AUTO}) with the engine's ef.
 */
final class SearchPlanner {
  private final SearchMode forced;
  private final SearchPlan plan;
  private final double recallTarget;
  private final int ef;
  /** The choice of every request without its own ef when there is no plan: made once. */
  private final SearchChoice fixed;

  SearchPlanner(SearchMode forced, SearchPlan plan, double recallTarget, int ef) {
    this.forced = forced;
    this.plan = plan;
    this.recallTarget = recallTarget;
    this.ef = ef;
    this.fixed = forced != SearchMode.AUTO
        ? SearchChoice.unplanned(forced, ef, "forced by the engine's searchMode")
        : SearchChoice.unplanned(SearchMode.AUTO, ef, "no plan: the index chooses");
  }

  /**
   * The search for one request.
   *
   * @param index the index it runs on
   * @param k the request's K
   * @param requestEf the request's ef, 0 when it sets none
   * @param filter the request's whole filter, or null
   */
  SearchChoice choose(AnnIndex index, int k, int requestEf, IdFilter filter) {
    if (forced != SearchMode.AUTO) {
      return requestEf > 0 ? SearchChoice.unplanned(forced, requestEf, fixed.reason()) : fixed;
    }
    if (requestEf > 0) {
      return SearchChoice.unplanned(SearchMode.AUTO, requestEf, "ef set by the request");
    }
    if (plan == null) {
      return fixed; // no allocation on the common path
    }
    SearchChoice c = plan.choose(k, recallTarget, index.size(),
        filter == null ? -1 : filter.expectedAccepted());
    if (!index.searchModes().contains(c.mode())) { // swapped to an index without that mode
      return SearchChoice.unplanned(SearchMode.AUTO, c.ef(), "the plan chose " + c.mode()
          + ", which the " + index.provider() + " index does not offer: the index chooses");
    }
    return c;
  }
}
