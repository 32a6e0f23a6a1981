package io.github.vectorrecall.hnsw;

/**
 * How a graph that cannot filter during its walk meets the filter contract: after an answer of
 * which only a share passed the filter, search again deeper, or scan the passing items exactly
 * when that is cheaper.
 *
 * <p>The deeper search keeps the quality the caller asked for. A search with effort {@code ef}
 * finds the best {@code k} items well; to find the best {@code k} passing items as well when a
 * share {@code s} passes, the walk must go as deep as an unfiltered search of effort
 * {@code ef / s} (with a fifth more for the share's noise), and return that many neighbours.
 * Asking only for {@code k / s} neighbours at the same depth, as an earlier version did, returned
 * full results whose recall fell to .94 at 25% passing.
 *
 * <p>A graph search of depth {@code n} scores roughly {@code n × 16} vectors (each expanded node
 * brings up to 2M new neighbours, most already seen); an exact scan of the passing items scores
 * {@code share × size}, each weighted by what the provider's scan costs against a score inside
 * its graph. The scan wins when the filter is selective: for hnswlib-java (weight 1) at 25% of
 * 100,000 items and {@code ef = 400}, 25,000 scores against about 31,000.
 */
final class Widening {
  /** Vectors scored per unit of search depth, roughly. */
  static final int SCORES_PER_NEIGHBOUR = 16;

  private Widening() {}

  /**
   * The depth of the next search (its ef, and the number of neighbours to ask for), or -1 to
   * scan the passing items exactly.
   *
   * @param effort the ef of the unfiltered search the caller asked for (at least k)
   * @param asked the depth of the last search
   * @param returned neighbours the graph returned
   * @param passed how many of them passed the filter
   * @param size live items in the index
   * @param scanWeight what scanning one passing item costs, in graph scores
   * @return the next depth, or -1
   */
  static int next(int effort, int asked, int returned, int passed, int size, double scanWeight) {
    double share = passed == 0 ? 0.5 / Math.max(1, returned) : (double) passed / returned;
    long next = Math.max(2L * asked, (long) Math.ceil(1.2 * effort / share));
    double scanCost = scanWeight * share * size;
    if (next >= size / 4 || scanCost < (double) SCORES_PER_NEIGHBOUR * next) {
      return -1;
    }
    return (int) next;
  }
}
