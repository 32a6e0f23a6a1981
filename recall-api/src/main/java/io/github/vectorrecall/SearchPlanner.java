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

  SearchPlanner(SearchMode forced, SearchPlan plan, double recallTarget, int ef) {
    this.forced = forced;
    this.plan = plan;
    this.recallTarget = recallTarget;
    this.ef = ef;
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
    int effort = requestEf > 0 ? requestEf : ef;
    if (forced != SearchMode.AUTO) {
      return SearchChoice.unplanned(forced, effort, "forced by the engine's searchMode");
    }
    if (requestEf > 0) {
      return SearchChoice.unplanned(SearchMode.AUTO, requestEf, "ef set by the request");
    }
    if (plan == null) {
      return SearchChoice.unplanned(SearchMode.AUTO, ef, "no plan: the index chooses");
    }
    SearchChoice c = plan.choose(k, recallTarget, index.size(),
        filter == null ? -1 : filter.expectedAccepted());
    if (!index.searchModes().contains(c.mode())) { // swapped to an index without that mode
      return SearchChoice.unplanned(SearchMode.AUTO, c.ef(), "the plan chose " + c.mode()
          + ", which the " + index.provider() + " index does not offer: the index chooses");
    }
    return c;
  }

  boolean planned() {
    return plan != null;
  }
}
