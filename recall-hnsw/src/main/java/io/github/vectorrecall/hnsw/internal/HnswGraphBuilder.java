package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import java.util.Arrays;
import java.util.Random;

/**
 * Inserts nodes into an {@link HnswGraph} (Malkov and Yashunin): draws each node's level, descends
 * greedily to it, searches each level from there for {@code efConstruction} candidates, keeps
 * {@code M} of them (2M on level 0) with the diversity heuristic ({@link #select}) and links both
 * ways, pruning a full neighbour list with the same heuristic.
 *
 * <p>{@link #insert} may run on several threads at once (see {@link ConcurrentHnswBuilder}), and
 * searches may run meanwhile: neighbour lists are written under their node's stripe of the
 * graph's {@link NodeLocks} and read through its seqlock, the entry point is set under its own
 * lock and published last. Levels are drawn when nodes are appended, in order, so one thread
 * gives one graph for one seed.
 */
public final class HnswGraphBuilder {
  private final HnswGraph graph;
  private final HnswGraphSearcher searcher;
  private final Metric metric;
  private final int dimension;
  private final int maxM;
  private final int maxM0;
  private final int efConstruction;
  private final double levelMult;
  private final Random levelRandom;
  private final NodeLocks locks;
  private final Object entryLock = new Object();

  /**
   * Creates a builder with its own level sequence.
   *
   * @param graph the graph to insert into
   * @param searcher the searcher of graphs of this shape
   * @param metric how vectors are compared
   * @param efConstruction candidates considered per level
   * @param seed seed of the level draw
   */
  public HnswGraphBuilder(HnswGraph graph, HnswGraphSearcher searcher, Metric metric,
      int efConstruction, long seed) {
    this(graph, searcher, metric, efConstruction, new Random(seed));
  }

  private HnswGraphBuilder(HnswGraph graph, HnswGraphSearcher searcher, Metric metric,
      int efConstruction, Random levelRandom) {
    this.graph = graph;
    this.searcher = searcher;
    this.metric = metric;
    this.dimension = graph.dimension;
    this.maxM = graph.maxM;
    this.maxM0 = graph.maxM0;
    this.efConstruction = efConstruction;
    this.levelMult = 1 / Math.log(Math.max(2, maxM));
    this.levelRandom = levelRandom;
    this.locks = graph.locks;
  }

  /**
   * A builder for another graph of the same shape that goes on with this builder's level
   * sequence: used when a grown or compacted graph replaces this one.
   *
   * @param other the graph
   * @return the builder
   */
  public HnswGraphBuilder withGraph(HnswGraph other) {
    return new HnswGraphBuilder(other, searcher, metric, efConstruction, levelRandom);
  }

  /** @return the graph this builder inserts into */
  public HnswGraph graph() {
    return graph;
  }

  /**
   * Appends unlinked nodes, drawing their levels in order; {@link #insert} links them. The graph
   * must have room for them ({@link HnswGraph#withRoom}).
   *
   * @param ids item ids
   * @param vectors prepared vectors
   * @return the first new node; the others follow it
   * @throws IllegalStateException if the graph has no room for them
   */
  public int append(long[] ids, float[][] vectors) {
    int first = graph.count;
    if (first + ids.length > graph.capacity()) {
      throw new IllegalStateException("no room for " + ids.length + " nodes after " + first
          + " in a graph of " + graph.capacity() + "; grow it with withRoom first");
    }
    for (int i = 0; i < ids.length; i++) {
      graph.append(ids[i], vectors[i], drawLevel());
    }
    return first;
  }

  private int drawLevel() {
    return Math.min(HnswGraph.MAX_LEVEL,
        (int) (-Math.log(1 - levelRandom.nextDouble()) * levelMult));
  }

  /**
   * Links an appended node into the graph; may run on several threads at once.
   *
   * @param node the node
   */
  public void insert(int node) {
    HnswGraphSearcher.Scratch st = searcher.scratch();
    float[] q = st.query;
    graph.vectors.get(node, q, 0);
    int level = graph.levels[node];
    int ep;
    int epLevel;
    synchronized (entryLock) {
      ep = graph.entry;
      epLevel = graph.maxLevel;
      if (ep < 0) {
        graph.maxLevel = level;
        graph.entry = node; // volatile: publishes the level with it
        return;
      }
    }
    if (level > epLevel) {
      // A new top node: link it while holding the entry lock, then publish it.
      synchronized (entryLock) {
        link(node, q, level, graph.entry, graph.maxLevel, st);
        if (level > graph.maxLevel) {
          graph.maxLevel = level;
          graph.entry = node;
        }
      }
    } else {
      link(node, q, level, ep, epLevel, st);
    }
  }

  private void link(int node, float[] q, int level, int ep, int epLevel,
      HnswGraphSearcher.Scratch st) {
    int count = graph.count; // the nodes of this batch were all appended before linking began
    int cur = searcher.descend(graph, q, ep, epLevel, level, count, st);
    int[] cand = new int[Math.max(efConstruction, maxM0) + 1];
    float[] candScores = new float[cand.length];
    for (int lev = Math.min(level, epLevel); lev >= 0; lev--) {
      searcher.searchLayer(graph, q, cur, efConstruction, lev, null, true, count, st);
      int found = drainBestFirst(st.results, cand, candScores);
      cur = cand[0];
      int[] selected = select(cand, candScores, found, maxM);
      synchronized (locks.of(node)) {
        graph.setNeighbours(node, lev, selected, selected.length);
      }
      for (int s : selected) {
        connect(s, node, lev);
      }
    }
  }

  /** Adds {@code node} to {@code target}'s list at a level, pruning by the heuristic if full. */
  private void connect(int target, int node, int level) {
    int cap = level == 0 ? maxM0 : maxM;
    synchronized (locks.of(target)) {
      int[] list = graph.list(target, level);
      int off = graph.offset(target, level);
      int n = list[off];
      for (int i = 0; i < n; i++) {
        if (list[off + 1 + i] == node) {
          return;
        }
      }
      if (n < cap) {
        locks.beginWrite(target);
        try {
          list[off + 1 + n] = node;
          list[off] = n + 1;
        } finally {
          locks.endWrite(target); // never leave the stripe odd: searches would wait forever
        }
        return;
      }
      int[] cand = new int[n + 1];
      float[] scores = new float[n + 1];
      for (int i = 0; i < n; i++) {
        cand[i] = list[off + 1 + i];
        scores[i] = graph.vectors.score(metric, target, cand[i]);
      }
      cand[n] = node;
      scores[n] = graph.vectors.score(metric, target, node);
      sortBestFirst(cand, scores, n + 1);
      int[] kept = select(cand, scores, n + 1, cap);
      graph.setNeighbours(target, level, kept, kept.length);
    }
  }

  /**
   * The neighbour-selection (diversity) heuristic: walking candidates best first, keep one
   * unless it is closer to an already kept neighbour than to the base node, which spreads links
   * across directions instead of clustering them.
   *
   * @param cand candidate nodes, best first
   * @param scores their scores against the base node
   * @param n how many candidates
   * @param cap the most to keep
   * @return the kept nodes, best first
   */
  int[] select(int[] cand, float[] scores, int n, int cap) {
    FloatRows data = graph.vectors;
    int[] kept = new int[Math.min(cap, n)];
    int k = 0;
    for (int i = 0; i < n && k < kept.length; i++) {
      int c = cand[i];
      boolean good = true;
      for (int j = 0; j < k; j++) {
        if (data.score(metric, c, kept[j]) > scores[i]) {
          good = false;
          break;
        }
      }
      if (good) {
        kept[k++] = c;
      }
    }
    return k == kept.length ? kept : Arrays.copyOf(kept, k);
  }

  /** Sorts the first {@code n} nodes by score, best first (insertion sort: n is at most 2M + 1). */
  static void sortBestFirst(int[] nodes, float[] scores, int n) {
    for (int i = 1; i < n; i++) {
      int node = nodes[i];
      float s = scores[i];
      int j = i - 1;
      while (j >= 0 && scores[j] < s) {
        nodes[j + 1] = nodes[j];
        scores[j + 1] = scores[j];
        j--;
      }
      nodes[j + 1] = node;
      scores[j + 1] = s;
    }
  }

  /** Empties a worst-first heap into arrays, best first; returns the count. */
  private static int drainBestFirst(ScoreHeap heap, int[] nodes, float[] scores) {
    int n = heap.size();
    for (int i = n - 1; i >= 0; i--) {
      scores[i] = heap.topScore();
      nodes[i] = heap.topNode();
      heap.pop();
    }
    return n;
  }
}
