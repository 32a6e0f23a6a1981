package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import java.util.function.Supplier;

/**
 * How a graph that cannot filter during its walk meets the filter contract: after an answer of
 * which only a share passed the filter, search again deeper, or scan the passing items exactly
 * when that is cheaper. Shared by the {@code hnswlib} and {@code voyager} indexes.
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
   * Neighbours a graph returned: ids and higher-is-better scores.
   *
   * @param ids the ids
   * @param scores their scores
   */
  record Neighbours(long[] ids, float[] scores) {}

  /** One unfiltered query of a graph. */
  @FunctionalInterface
  interface Graph {
    /**
     * Asks the graph for neighbours.
     *
     * @param want how many neighbours
     * @param depth the search depth (ef)
     * @return the neighbours, or null when the graph cannot answer (the search scans instead)
     */
    Neighbours query(int want, int depth);
  }

  /**
   * The {@code k} best items that pass the filter: asks the graph for {@code want} neighbours at
   * {@code depth}, and while fewer than {@code k} pass, again deeper ({@link #next}), until the
   * exact scan is cheaper. A graph that returns fewer than {@code k} passing items when asked for
   * all of them is answered by the exact scan, so the result always holds {@code min(k,
   * passing)} ids.
   *
   * @param k how many results
   * @param filter ids to keep, or null for all
   * @param effort the ef of the unfiltered search the caller asked for (at least k)
   * @param size live items in the index
   * @param want neighbours to ask for first
   * @param depth the depth of the first search
   * @param scanWeight what scanning one passing item costs, in graph scores
   * @param graph the graph
   * @param exact the exact scan of the passing items
   * @return the results, best first
   */
  static TopK search(int k, IdFilter filter, int effort, int size, int want, int depth,
      double scanWeight, Graph graph, Supplier<TopK> exact) {
    while (true) {
      Neighbours found = graph.query(want, depth);
      if (found == null) {
        return exact.get();
      }
      long[] ids = found.ids();
      float[] scores = found.scores();
      TopKCollector top = new TopKCollector(k);
      int passed = 0;
      for (int i = 0; i < ids.length; i++) {
        if (filter == null || filter.accept(ids[i])) {
          top.offer(ids[i], scores[i]);
          passed++;
        }
      }
      if (top.size() == k) {
        return top.toTopK();
      }
      if (want >= size) {
        // Asked for every item and still short: the walk missed some (a graph of many equal
        // vectors can leave nodes unreachable). The exact scan returns min(k, passing).
        return exact.get();
      }
      int next = next(effort, depth, ids.length, passed, size, scanWeight);
      if (next < 0) {
        return exact.get();
      }
      want = next;
      depth = next;
    }
  }

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
