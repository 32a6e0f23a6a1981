package io.github.vectorrecall;

/**
 * Whether an index keeps a compact copy of its vectors to score with. {@link #INT8} keeps one
 * signed byte per component (a per-dimension offset and scale fitted on the items, outliers
 * clipped), a quarter of the floats' memory, scored about twice as fast; the float vectors stay
 * for re-ranking, so results keep float scores. Set with {@link
 * IndexConfig.Builder#quantization}; searched with {@link SearchMode#EXACT_INT8} and {@link
 * SearchMode#GRAPH_INT8}.
 */
public enum Quantization {
  /** Float vectors only. */
  NONE,
  /** Float vectors plus int8 codes. */
  INT8
}
