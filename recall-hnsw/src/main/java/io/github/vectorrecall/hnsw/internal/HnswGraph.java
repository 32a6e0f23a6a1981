package io.github.vectorrecall.hnsw.internal;

import java.util.Arrays;

/**
 * Storage of an HNSW graph, laid out for the JVM: all vectors in one contiguous {@code float[]}
 * (row = node), level-0 neighbour lists in one {@code int[]} ({@code 2M + 1} ints per node: the
 * count, then the neighbours), upper levels in a small {@code int[]} per node ({@code M + 1} ints
 * per level), the item id, level and removal mark of every node, the entry point and the top
 * level. Nodes are numbered densely from 0 in the order they were appended.
 *
 * <p>Not thread-safe by itself: the index guards it with its read/write lock, and the builder
 * guards neighbour lists with {@link NodeLocks} while it links nodes in parallel. The arrays are
 * read directly by the searcher and the builder of this package, which keep them in locals.
 */
public final class HnswGraph {
  /** The highest level a node can be drawn at. */
  public static final int MAX_LEVEL = 24;

  final int dimension;
  /** Neighbours per node on upper levels. */
  final int maxM;
  /** Neighbours per node on level 0. */
  final int maxM0;
  float[] data;
  long[] ids;
  int[] levels;
  int[] links0;
  int[][] upper;
  boolean[] deleted;
  int count;
  int live;
  /** Guarded by the builder's entry lock while a build runs. */
  int entry = -1;
  int maxLevel = -1;

  /**
   * Creates an empty graph.
   *
   * @param dimension vector length
   * @param m neighbours per node on upper levels (twice this on level 0)
   * @param capacity nodes room is made for; the graph grows past it
   */
  public HnswGraph(int dimension, int m, int capacity) {
    this.dimension = dimension;
    this.maxM = m;
    this.maxM0 = 2 * m;
    data = new float[capacity * dimension];
    ids = new long[capacity];
    levels = new int[capacity];
    links0 = new int[capacity * (maxM0 + 1)];
    upper = new int[capacity][];
    deleted = new boolean[capacity];
  }

  /**
   * Where the neighbour list of a node at a level starts in {@link #list}: the count is there,
   * the neighbours follow it.
   */
  int offset(int node, int level) {
    return level == 0 ? node * (maxM0 + 1) : (level - 1) * (maxM + 1);
  }

  /** The array that holds the neighbour list of a node at a level (see {@link #offset}). */
  int[] list(int node, int level) {
    return level == 0 ? links0 : upper[node];
  }

  /** Copies the neighbour list of a node at a level into {@code out}; returns its length. */
  int neighbours(int node, int level, int[] out) {
    return copyList(list(node, level), offset(node, level), out);
  }

  /** Copies the neighbour list that starts at {@code off} of {@code list}; returns its length. */
  static int copyList(int[] list, int off, int[] out) {
    int n = list[off];
    System.arraycopy(list, off + 1, out, 0, n);
    return n;
  }

  /** Replaces the neighbour list of a node at a level with the first {@code n} of {@code src}. */
  void setNeighbours(int node, int level, int[] src, int n) {
    int[] list = list(node, level);
    int off = offset(node, level);
    list[off] = n;
    System.arraycopy(src, 0, list, off + 1, n);
  }

  /** Makes room for {@code needed} nodes, growing by half at least. */
  void ensureCapacity(int needed) {
    int capacity = ids.length;
    if (needed <= capacity) {
      return;
    }
    int grown = Math.max(needed, capacity + (capacity >> 1));
    data = Arrays.copyOf(data, Math.multiplyExact(grown, dimension));
    ids = Arrays.copyOf(ids, grown);
    levels = Arrays.copyOf(levels, grown);
    links0 = Arrays.copyOf(links0, Math.multiplyExact(grown, maxM0 + 1));
    upper = Arrays.copyOf(upper, grown);
    deleted = Arrays.copyOf(deleted, grown);
  }

  /**
   * Appends an unlinked node; room must have been made with {@link #ensureCapacity}.
   *
   * @return the new node
   */
  int append(long id, float[] vector, int level) {
    int node = count++;
    System.arraycopy(vector, 0, data, node * dimension, dimension);
    ids[node] = id;
    levels[node] = level;
    upper[node] = level == 0 ? null : new int[level * (maxM + 1)];
    links0[node * (maxM0 + 1)] = 0;
    deleted[node] = false;
    live++;
    return node;
  }

  /**
   * Marks a node removed: searches walk through it but never return it.
   *
   * @param node the node, not yet removed
   */
  public void markDeleted(int node) {
    deleted[node] = true;
    live--;
  }

  /**
   * Whether a node is removed.
   *
   * @param node the node
   * @return true if removed
   */
  public boolean isDeleted(int node) {
    return deleted[node];
  }

  /**
   * The item id of a node.
   *
   * @param node the node
   * @return its id
   */
  public long id(int node) {
    return ids[node];
  }

  /**
   * A copy of the vector of a node.
   *
   * @param node the node
   * @return its vector
   */
  public float[] vector(int node) {
    return Arrays.copyOfRange(data, node * dimension, (node + 1) * dimension);
  }

  /** @return nodes in the graph, removed ones included */
  public int count() {
    return count;
  }

  /** @return nodes not removed */
  public int live() {
    return live;
  }

  /** @return removed nodes still in the graph */
  public int tombstones() {
    return count - live;
  }

  /** @return neighbours per node on upper levels */
  public int m() {
    return maxM;
  }

  /**
   * Heap held by the arrays and the upper-level lists.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    long bytes = 4L * data.length + 8L * ids.length + 4L * levels.length + 4L * links0.length
        + 8L * upper.length + deleted.length;
    for (int node = 0; node < count; node++) {
      if (upper[node] != null) {
        bytes += 16 + 4L * upper[node].length;
      }
    }
    return bytes;
  }
}
