package io.github.vectorrecall;

import java.util.Set;

/** A {@link BruteForceIndex} that offers EXACT and GRAPH and remembers the last mode asked. */
class ModalIndex extends BruteForceIndex {
  volatile SearchMode lastMode;

  ModalIndex(int dimension, Metric metric) {
    super(dimension, metric);
  }

  @Override
  public Set<SearchMode> searchModes() {
    return Set.of(SearchMode.AUTO, SearchMode.EXACT, SearchMode.GRAPH);
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef, SearchMode mode) {
    if (!searchModes().contains(mode)) {
      throw new IllegalArgumentException("mode " + mode);
    }
    lastMode = mode;
    return search(query, k, filter, ef);
  }
}
