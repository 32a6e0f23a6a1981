package io.github.vectorrecall;

/**
 * How a search finds its results: by walking a graph or by scanning every item, on the float
 * vectors or on their int8 codes (then re-ranking the best candidates with the floats). Which
 * modes an index offers is {@link AnnIndex#searchModes()}; the int8 modes need an index built
 * with {@link Quantization#INT8}.
 *
 * <p>{@link #AUTO}, the default, lets the index choose (for {@code hnsw}: a scan when the walk
 * would score about as many vectors as the scan, the graph otherwise; the int8 forms when the
 * index is quantised), or, in a {@link RecallEngine} with a {@link SearchPlan}, lets the plan
 * choose per request the cheapest mode measured to reach the recall target.
 */
public enum SearchMode {
  /** The index, or the engine's plan, chooses. */
  AUTO,
  /** Every item scored on its float vector: recall 1. */
  EXACT,
  /** Every item scored on its int8 codes, the best candidates re-ranked on float vectors. */
  EXACT_INT8,
  /** A graph walk on float vectors. */
  GRAPH,
  /** A graph walk on int8 codes, its results re-ranked on float vectors. */
  GRAPH_INT8;

  /**
   * Whether this mode scores int8 codes.
   *
   * @return true for {@link #EXACT_INT8} and {@link #GRAPH_INT8}
   */
  public boolean quantized() {
    return this == EXACT_INT8 || this == GRAPH_INT8;
  }

  /**
   * Whether this mode walks a graph (and so depends on {@code ef}).
   *
   * @return true for {@link #GRAPH} and {@link #GRAPH_INT8}
   */
  public boolean graph() {
    return this == GRAPH || this == GRAPH_INT8;
  }
}
