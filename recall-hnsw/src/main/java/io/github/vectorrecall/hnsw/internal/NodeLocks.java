package io.github.vectorrecall.hnsw.internal;

/**
 * Lock stripes over the nodes of a graph built by several threads: a thread holds a node's
 * stripe while it reads or changes that node's neighbour lists. 4,096 stripes keep contention
 * low without a lock object per node.
 */
public final class NodeLocks {
  private static final int STRIPES = 4096;
  private final Object[] stripes = new Object[STRIPES];

  /** Creates the stripes. */
  public NodeLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /** The monitor that guards a node's neighbour lists. */
  Object of(int node) {
    return stripes[node & (STRIPES - 1)];
  }
}
