package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import java.util.Arrays;

/**
 * Storage of an HNSW graph, laid out for the JVM: all vectors in one contiguous {@code float[]}
 * (row = node), or in a memory-mapped file ({@link FloatRows}), level-0 neighbour lists in one {@code int[]} ({@code 2M + 1} ints per node: the
 * count, then the neighbours), upper levels in a small {@code int[]} per node ({@code M + 1} ints
 * per level), the item id, level and removal mark of every node, the entry point and the top
 * level. Nodes are numbered densely from 0 in the order they were appended.
 *
 * <p>One writer at a time appends and removes (the index's write lock; the builder's threads
 * then link the appended nodes, each list under its {@link NodeLocks} stripe), while searches
 * read without a lock. What makes that safe:
 *
 * <ul>
 *   <li>The arrays never change identity: growing makes a new graph ({@link #withRoom}) that
 *       the index publishes through a volatile field; searches that still hold the old one walk
 *       it as it was (the per-node upper-level lists and the node locks are shared).
 *   <li>{@link #append} writes a node's vector, id, level and lists before it raises the
 *       volatile {@link #count}; a search reads the count once and ignores nodes at or above it,
 *       so every node it meets was written before the count it read.
 *   <li>{@link #entry} is volatile and read before the count, which therefore covers it; the
 *       entry point's own level is the top level, so a search needs nothing else.
 *   <li>A removal sets the node's mark, then the volatile {@link #live}: a search that begins
 *       (reads {@link #live()}) after a removal returned sees the mark. An upsert marks the old
 *       node ({@link #markReplaced}) before it appends the new one, so a search that sees the new
 *       node sees the old one removed: never both.
 *   <li>Neighbour lists are read through {@link NodeLocks#read}, a seqlock: a copy is a count
 *       and entries from one write.
 * </ul>
 *
 * <p>The searcher and the builder of this package read the arrays directly and keep them in
 * locals.
 */
public final class HnswGraph {
  /** The highest level a node can be drawn at. */
  public static final int MAX_LEVEL = 24;

  final int dimension;
  /** Neighbours per node on upper levels. */
  final int maxM;
  /** Neighbours per node on level 0. */
  final int maxM0;
  /** The float vectors, row = node: on the heap, or in a mapped file shared by larger copies. */
  final FloatRows vectors;
  final long[] ids;
  final int[] levels;
  final int[] links0;
  final int[][] upper;
  final boolean[] deleted;
  /** The stripes that order writers of neighbour lists and let readers copy them consistently. */
  final NodeLocks locks;
  /** Nodes appended: searches see the nodes below it. Raised after each node is written. */
  volatile int count;
  /** Nodes not removed, as the writer counts them (see {@link #live}). */
  private int alive;
  /**
   * Nodes not removed, as searches see them: set after each append and removal, but not between
   * the removal and the append of an upsert, so it never dips while an item is replaced.
   */
  private volatile int live;
  /**
   * The entry point; its level is the top level. Set under the builder's entry lock, read first
   * by searches.
   */
  volatile int entry = -1;
  /** The top level; written with {@link #entry}, read by the builder under its entry lock. */
  int maxLevel = -1;
  /**
   * The int8 codes of the nodes, once {@link #quantize} made them; null before (and for indexes
   * that do not quantise). Published after the codes of every node below the count are written.
   */
  private volatile QuantizedVectors quantized;

  /**
   * Creates an empty graph.
   *
   * @param dimension vector length
   * @param m neighbours per node on upper levels (twice this on level 0)
   * @param capacity nodes room is made for; {@link #withRoom} makes a larger graph
   */
  public HnswGraph(int dimension, int m, int capacity) {
    this(dimension, m, capacity, null);
  }

  /**
   * Creates an empty graph whose vectors are in a mapped file, or on the heap.
   *
   * @param dimension vector length
   * @param m neighbours per node on upper levels (twice this on level 0)
   * @param capacity nodes room is made for; {@link #withRoom} makes a larger graph
   * @param mapped the (empty) store of the vectors, which the graph then owns; null for the heap
   */
  public HnswGraph(int dimension, int m, int capacity, MappedFloats mapped) {
    this.dimension = dimension;
    this.maxM = m;
    this.maxM0 = 2 * m;
    vectors = mapped != null ? FloatRows.mapped(mapped, dimension)
        : FloatRows.heap(new float[Math.multiplyExact(capacity, dimension)], dimension);
    ids = new long[capacity];
    levels = new int[capacity];
    links0 = new int[Math.multiplyExact(capacity, maxM0 + 1)];
    upper = new int[capacity][];
    deleted = new boolean[capacity];
    locks = new NodeLocks();
  }

  /** A copy of {@code g} with room for {@code capacity} nodes; shares its lists and locks. */
  private HnswGraph(HnswGraph g, int capacity) {
    dimension = g.dimension;
    maxM = g.maxM;
    maxM0 = g.maxM0;
    vectors = g.vectors.withCapacity(capacity);
    ids = Arrays.copyOf(g.ids, capacity);
    levels = Arrays.copyOf(g.levels, capacity);
    links0 = Arrays.copyOf(g.links0, Math.multiplyExact(capacity, maxM0 + 1));
    upper = Arrays.copyOf(g.upper, capacity);
    deleted = Arrays.copyOf(g.deleted, capacity);
    locks = g.locks;
    alive = g.alive;
    live = g.live;
    maxLevel = g.maxLevel;
    entry = g.entry;
    count = g.count;
    QuantizedVectors qv = g.quantized;
    quantized = qv == null ? null : qv.withCapacity(capacity);
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
    return locks.read(node, list(node, level), offset(node, level), level == 0 ? maxM0 : maxM,
        out);
  }

  /**
   * Replaces the neighbour list of a node at a level with the first {@code n} of {@code src};
   * the caller holds the node's monitor ({@link NodeLocks#of}) while a build may run.
   */
  void setNeighbours(int node, int level, int[] src, int n) {
    int[] list = list(node, level);
    int off = offset(node, level);
    if (n < 0 || n > (level == 0 ? maxM0 : maxM) || n > src.length) {
      throw new IllegalArgumentException("node " + node + " cannot hold " + n
          + " neighbours on level " + level);
    }
    locks.beginWrite(node);
    try {
      list[off] = n;
      System.arraycopy(src, 0, list, off + 1, n);
    } finally {
      locks.endWrite(node); // never leave the stripe odd: searches would wait on it forever
    }
  }

  /** @return nodes room is made for */
  int capacity() {
    return ids.length;
  }

  /**
   * This graph if it has room for {@code needed} nodes, else a copy with room for {@code
   * needed}, and at least half as much again as this one; the writer goes on with the copy and
   * publishes it to searches. Called by the one writer, with no build running.
   *
   * @param needed nodes
   * @return the graph to append to
   */
  public HnswGraph withRoom(int needed) {
    int capacity = ids.length;
    if (needed <= capacity) {
      return this;
    }
    return new HnswGraph(this, Math.max(needed, capacity + (capacity >> 1)));
  }

  /**
   * Appends an unlinked node; there must be room ({@link #withRoom}). Searches see it once it
   * is written (it is reachable once linked).
   *
   * @return the new node
   */
  int append(long id, float[] vector, int level) {
    int node = count;
    vectors.set(node, vector, 0);
    ids[node] = id;
    levels[node] = level;
    upper[node] = level == 0 ? null : new int[level * (maxM + 1)];
    links0[node * (maxM0 + 1)] = 0;
    deleted[node] = false;
    QuantizedVectors qv = quantized;
    if (qv != null) {
      qv.set(node, vector, 0);
    }
    live = ++alive;
    count = node + 1;
    return node;
  }

  /**
   * Makes the int8 codes of every node with {@code quantizer} (fitted on these nodes, or read
   * from a file) and keeps them up to date as nodes are appended; by the one writer.
   *
   * @param quantizer the quantizer
   * @param metric the index's metric
   */
  public void quantize(ScalarQuantizer quantizer, Metric metric) {
    // The blocked copy speeds up exact int8 scans; a mapped index keeps its heap small instead.
    quantized = QuantizedVectors.encode(quantizer, metric, vectors, count, ids.length,
        Scorer.INSTANCE.blockedBytes() && !mapped());
  }

  /**
   * Fits a quantizer on the first {@code rows} nodes (removed ones included: their vectors are
   * as typical).
   *
   * @param rows how many of the first nodes to fit on, at most the count
   * @param seed the sampling seed
   * @return the quantizer
   */
  public ScalarQuantizer fitQuantizer(int rows, long seed) {
    return ScalarQuantizer.fit(vectors, Math.min(rows, count), seed);
  }

  /** @return the int8 codes of the nodes, or null when there are none (yet) */
  public QuantizedVectors quantized() {
    return quantized;
  }

  /** Publishes the writer's live count to searches: after an upsert failed part way. */
  public void publishLive() {
    live = alive;
  }

  /** Sets what a file holds: nodes, live nodes and the entry point; before any search. */
  void restore(int nodes, int liveNodes, int entryPoint, int topLevel) {
    alive = liveNodes;
    live = liveNodes;
    maxLevel = topLevel;
    entry = entryPoint;
    count = nodes;
  }

  /**
   * Marks a node removed: searches walk through it but never return it.
   *
   * @param node the node, not yet removed
   */
  public void markDeleted(int node) {
    deleted[node] = true;
    live = --alive;
  }

  /**
   * Marks a node removed because an upsert replaces it: the live count searches see stays as it
   * is until the replacement is appended.
   *
   * @param node the node, not yet removed
   */
  public void markReplaced(int node) {
    deleted[node] = true;
    alive--;
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
    float[] v = new float[dimension];
    vectors.get(node, v, 0);
    return v;
  }

  /** @return whether the vectors are in a mapped file */
  public boolean mapped() {
    return vectors.isMapped();
  }

  /**
   * Closes the mapped file of the vectors, if they are in one (see {@link MappedFloats#close}):
   * when the graph is replaced or its index closes; searches still walking it read on safely.
   */
  public void closeVectors() {
    vectors.close();
  }

  /** @return nodes in the graph, removed ones included */
  public int count() {
    return count;
  }

  /** @return nodes not removed, as of the last append or removal (see {@link #markReplaced}) */
  public int live() {
    return live;
  }

  /** @return removed nodes still in the graph; exact when no change is under way */
  public int tombstones() {
    return count - live;
  }

  /** @return neighbours per node on upper levels */
  public int m() {
    return maxM;
  }

  /**
   * Heap held by the arrays and the upper-level lists (and the float vectors when they are on
   * the heap).
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    long bytes = vectors.ramBytesUsed() + 8L * ids.length + 4L * levels.length + 4L * links0.length
        + 8L * upper.length + deleted.length;
    for (int node = 0, n = count; node < n; node++) {
      if (upper[node] != null) {
        bytes += 16 + 4L * upper[node].length;
      }
    }
    QuantizedVectors qv = quantized;
    return qv == null ? bytes : bytes + qv.ramBytesUsed();
  }
}
