package io.github.vectorrecall.hnsw;

/**
 * How a graph that cannot filter during its walk meets the filter contract: after an answer of
 * {@code asked} neighbours of which {@code passed} passed the filter, ask for enough that {@code
 * k} should pass at the share seen (at least twice as many as before), or scan the passing items
 * exactly when that is cheaper.
 *
 * <p>A graph search for {@code n} neighbours scores roughly {@code n × 16} vectors (each expanded
 * node brings up to 2M new neighbours, most already seen); an exact scan of the passing items
 * scores {@code share × size}. The scan wins when the filter is selective: at 10% of 100,000
 * items and {@code k = 100}, 10,000 scores against about 19,000.
 */
final class Widening {
  /** Vectors scored per neighbour asked of the graph, roughly. */
  static final int SCORES_PER_NEIGHBOUR = 16;

  private Widening() {}

  /**
   * The next number of neighbours to ask for, or -1 to scan the passing items exactly.
   *
   * @param k results wanted
   * @param asked neighbours asked for last time
   * @param returned neighbours the graph returned
   * @param passed how many of them passed the filter
   * @param size live items in the index
   * @return the next request, or -1
   */
  static int next(int k, int asked, int returned, int passed, int size) {
    double share = passed == 0 ? 0.5 / Math.max(1, returned) : (double) passed / returned;
    long next = Math.max(2L * asked, (long) Math.ceil(1.2 * k / share));
    double scanCost = share * size;
    if (next >= size / 4 || scanCost < (double) SCORES_PER_NEIGHBOUR * next) {
      return -1;
    }
    return (int) next;
  }
}
