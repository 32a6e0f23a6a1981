package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Searches an {@link HnswGraph}: a greedy descent through the upper levels, then a best-first
 * search of level 0 with per-thread scratch space (generation-stamped visited marks, primitive
 * heaps), so that a search allocates nothing but its result.
 *
 * <p>Filters are applied during the walk: a node the filter rejects (or a removed one) still
 * guides the search but never enters the result. When the walk finds the exact scan of the
 * passing items cheaper ({@link #exactIsCheaper}), or ends with fewer than K accepted nodes, the
 * search scans the accepted items exactly instead. The builder uses the same descent and layer
 * search to find the neighbours of a node it inserts.
 *
 * <p>A search takes no lock and may run while a writer appends, links and removes (see {@link
 * HnswGraph} for why that is safe): it reads the live count, the entry point and the node count
 * once, walks only nodes below that count, and copies each neighbour list through the graph's
 * seqlock ({@link NodeLocks#read}).
 */
public final class HnswGraphSearcher {
  /** Nodes a filtered walk meets before it judges the filter's selectivity. */
  static final int SELECTIVITY_PROBE = 1000;
  /** Vectors an unfiltered walk scores per result it keeps, roughly (measured: 10 to 30). */
  public static final int WALK_SCORES_PER_RESULT = 16;

  private final Metric metric;
  private final int dimension;
  private final ThreadLocal<Scratch> scratch;
  /** Searches answered by the exact scan instead of the walk; read for monitoring. */
  private final LongAdder exactFallbacks = new LongAdder();

  /** Per-thread scratch space: visited stamps, heaps, a neighbour buffer, a query buffer. */
  static final class Scratch {
    int[] marks = new int[0];
    int generation;
    final ScoreHeap candidates = new ScoreHeap(true, 64);
    final ScoreHeap results = new ScoreHeap(false, 64);
    final int[] neighbours;
    /** The not yet visited neighbours of one node, and their scores. */
    final int[] fresh;
    final float[] freshScores;
    final float[] query;
    /** The query as int8 codes, for walks over a graph's quantised vectors. */
    final Int8Query int8 = new Int8Query();
    /** An int8 walk's best nodes and their float scores, for the re-ranking; grown as needed. */
    int[] rerankRows = new int[0];
    float[] rerankScores = new float[0];

    Scratch(int maxM0, int dimension) {
      neighbours = new int[maxM0 + 1];
      fresh = new int[maxM0 + 1];
      freshScores = new float[maxM0 + 1];
      query = new float[dimension];
    }

    void newVisit(int nodes) {
      if (marks.length < nodes) {
        marks = new int[Math.max(nodes, marks.length * 3 / 2)];
        generation = 0;
      }
      if (++generation == Integer.MAX_VALUE) {
        Arrays.fill(marks, 0);
        generation = 1;
      }
    }
  }

  /**
   * Creates a searcher for graphs of one shape.
   *
   * @param metric how vectors are compared
   * @param dimension vector length
   * @param m neighbours per node on upper levels (twice this on level 0)
   */
  public HnswGraphSearcher(Metric metric, int dimension, int m) {
    this.metric = metric;
    this.dimension = dimension;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(2 * m, dimension));
  }

  /**
   * Searches this searcher answered with an exact scan instead of the graph walk.
   *
   * @return the count since the searcher was made
   */
  public long exactFallbacks() {
    return exactFallbacks.sum();
  }

  /** This thread's scratch space: look it up once per search or insertion. */
  Scratch scratch() {
    return scratch.get();
  }

  /**
   * The {@code k} best accepted items for a prepared query, without a lock; the caller has read
   * {@link HnswGraph#live()} (at least {@code k}) after it read the graph.
   *
   * @param graph the graph
   * @param q the prepared query
   * @param k how many results, at most the live nodes
   * @param filter ids to keep, or null for all
   * @param effort the candidate list size of level 0 (at least {@code k})
   * @return the results, best first
   */
  public TopK search(HnswGraph graph, float[] q, int k, IdFilter filter, int effort) {
    int live = graph.live();
    int ep = graph.entry; // before the count, which then covers it
    int count = graph.count;
    if (ep < 0) {
      return exactScan(graph, q, k, filter, count); // nodes appended, none linked yet
    }
    Scratch st = scratch.get();
    int cur = descend(graph, q, ep, graph.levels[ep], 0, count, st);
    boolean walked = searchLayer(graph, q, cur, effort, 0, filter, false, count, st);
    ScoreHeap results = st.results;
    if (!walked || results.size() < Math.min(k, live)) {
      exactFallbacks.increment();
      return exactScan(graph, q, k, filter, count);
    }
    while (results.size() > k) {
      results.pop();
    }
    int n = results.size();
    long[] ids = graph.ids;
    long[] outIds = new long[n];
    float[] outScores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      outScores[i] = results.topScore();
      outIds[i] = ids[results.topNode()];
      results.pop();
    }
    return TopK.wrap(outIds, outScores);
  }

  /**
   * Whether an unfiltered walk keeping {@code effort} results would score about as many vectors
   * as a scan of the live items ({@value #WALK_SCORES_PER_RESULT} per result), so the scan,
   * which reads memory in order, is the cheaper.
   *
   * @param live live items
   * @param effort results the walk keeps (ef)
   * @return true to scan
   */
  public static boolean scanIsCheaper(int live, int effort) {
    return (long) WALK_SCORES_PER_RESULT * effort >= live;
  }

  /**
   * The {@code k} best accepted nodes of rows {@code [from, to)} by their float vectors, without
   * a lock (one range of a split scan).
   *
   * @param graph the graph
   * @param q the prepared query
   * @param k how many to keep
   * @param filter ids to keep, or null for all
   * @param from first node
   * @param to end node (exclusive), at most the count read when the search began
   * @return the best nodes' ids and scores
   */
  public TopKCollector exactRange(HnswGraph graph, float[] q, int k, IdFilter filter, int from,
      int to) {
    return ExactScan.rows(metric, q, graph.vectors, graph.ids, graph.deleted, from, to, filter, k);
  }

  /**
   * The {@code k} best accepted items for a prepared query, walking the graph on its int8 codes
   * and re-ranking all the walk's {@code effort} results on their float vectors (re-ranking only
   * the best 2K by int8 score lost .005-.007 of recall@100 on user-like data, for no time this
   * machine could see); without a lock, as {@link #search}.
   *
   * @param graph the graph
   * @param qv its quantised vectors, covering every node below the count read after it
   * @param q the prepared query
   * @param k how many results, at most the live nodes
   * @param filter ids to keep, or null for all
   * @param effort the candidate list size of level 0 (at least {@code k})
   * @return the results, best first, with float scores
   */
  public TopK searchInt8(HnswGraph graph, QuantizedVectors qv, float[] q, int k,
      IdFilter filter, int effort) {
    int live = graph.live();
    int ep = graph.entry;
    int count = graph.count;
    if (ep < 0) {
      return exactScan(graph, q, k, filter, count);
    }
    Scratch st = scratch.get();
    Int8Query iq = st.int8;
    iq.prepare(qv, metric, q, st.fresh.length);
    int cur = descend(graph, q, ep, graph.levels[ep], 0, count, st, iq);
    boolean walked = searchLayer(graph, q, cur, effort, 0, filter, false, count, st, iq);
    ScoreHeap results = st.results;
    if (!walked || results.size() < Math.min(k, live)) {
      exactFallbacks.increment();
      return exactScan(graph, q, k, filter, count);
    }
    int n = results.size();
    if (st.rerankRows.length < n) {
      st.rerankRows = new int[Math.max(n, st.rerankRows.length * 3 / 2)];
      st.rerankScores = new float[st.rerankRows.length];
    }
    int[] rows = st.rerankRows;
    float[] scores = st.rerankScores;
    for (int i = 0; i < n; i++) {
      rows[i] = results.topNode();
      results.pop();
    }
    graph.vectors.score(metric, q, rows, n, scores);
    TopKCollector top = new TopKCollector(k);
    long[] ids = graph.ids;
    for (int i = n - 1; i >= 0; i--) { // best int8 first: ties keep the walk's order
      if (scores[i] > top.threshold()) {
        top.offer(ids[rows[i]], scores[i]);
      }
    }
    return top.toTopK();
  }

  /**
   * The {@code k} best accepted nodes of rows {@code [from, to)}, scored on their int8 codes and
   * the best {@code k * oversample} re-ranked on their floats (one range of a split scan).
   *
   * @param graph the graph
   * @param qv its quantised vectors
   * @param q the prepared query
   * @param k how many to keep
   * @param filter ids to keep, or null for all
   * @param from first node
   * @param to end node (exclusive)
   * @param oversample int8 candidates re-ranked per result
   * @return the best nodes' ids and float scores
   */
  public TopKCollector exactRangeInt8(HnswGraph graph, QuantizedVectors qv, float[] q, int k,
      IdFilter filter, int from, int to, float oversample) {
    return Int8ExactScan.rows(metric, q, graph.vectors, graph.ids, graph.deleted, from, to, filter,
        k, qv.quantizer, qv.codes, qv.blocked, qv.squaredNorms, oversample);
  }

  /** Scores every accepted node: the fallback of a search whose walk gave way. */
  TopK exactScan(HnswGraph graph, float[] q, int k, IdFilter filter) {
    return exactScan(graph, q, k, filter, graph.count);
  }

  /** Scores every accepted node below {@code count}. */
  private TopK exactScan(HnswGraph graph, float[] q, int k, IdFilter filter, int count) {
    return ExactScan.rows(metric, q, graph.vectors, graph.ids, graph.deleted, 0, count, filter, k)
        .toTopK();
  }

  /**
   * Greedy descent: from {@code ep} on level {@code from}, moves to the best-scoring neighbour
   * while one beats the current node, level by level down to level {@code to + 1}.
   *
   * @param count the nodes the walk may visit: those appended before it began
   * @return the node reached, the entry point for level {@code to}
   */
  int descend(HnswGraph graph, float[] q, int ep, int from, int to, int count, Scratch st) {
    return descend(graph, q, ep, from, to, count, st, null);
  }

  /** {@link #descend} scoring int8 codes through {@code iq} when it is not null. */
  private int descend(HnswGraph graph, float[] q, int ep, int from, int to, int count,
      Scratch st, Int8Query iq) {
    FloatRows data = graph.vectors;
    int[] links0 = graph.links0;
    int[][] upper = graph.upper;
    NodeLocks locks = graph.locks;
    int maxM = graph.maxM;
    int maxM0 = graph.maxM0;
    int[] buf = st.neighbours;
    float[] scores = st.freshScores;
    int cur = ep;
    float curScore = iq == null ? data.score(metric, q, cur)
        : iq.score(cur);
    for (int lev = from; lev > to; lev--) {
      boolean changed = true;
      while (changed) {
        changed = false;
        int n = lev == 0 ? locks.read(cur, links0, graph.offset(cur, 0), maxM0, buf)
            : locks.read(cur, upper[cur], graph.offset(cur, lev), maxM, buf);
        n = below(buf, n, count);
        if (iq == null) {
          data.score(metric, q, buf, n, scores);
        } else {
          iq.score(buf, n, scores);
        }
        for (int i = 0; i < n; i++) {
          float s = scores[i];
          if (s > curScore) {
            curScore = s;
            cur = buf[i];
            changed = true;
          }
        }
      }
    }
    return cur;
  }

  /**
   * Keeps the first {@code n} of {@code nodes} that are below {@code count}, in order: a node
   * appended after a walk began is not walked.
   */
  private static int below(int[] nodes, int n, int count) {
    int m = 0;
    for (int i = 0; i < n; i++) {
      int node = nodes[i];
      if (node < count) {
        nodes[m++] = node;
      }
    }
    return m;
  }

  /**
   * Best-first search of one level from {@code ep}, keeping the {@code ef} best accepted nodes
   * in the scratch's results (a worst-first heap). Rejected nodes (filtered or removed) are
   * expanded but not kept; during construction ({@code building}) every node is accepted.
   *
   * @param count the nodes the walk may visit: those appended before it began
   * @return false if the walk gave way to an exact scan ({@link #exactIsCheaper}), true otherwise
   */
  boolean searchLayer(HnswGraph graph, float[] q, int ep, int ef, int level, IdFilter filter,
      boolean building, int count, Scratch st) {
    return searchLayer(graph, q, ep, ef, level, filter, building, count, st, null);
  }

  /** {@link #searchLayer} scoring int8 codes through {@code iq} when it is not null. */
  private boolean searchLayer(HnswGraph graph, float[] q, int ep, int ef, int level,
      IdFilter filter, boolean building, int count, Scratch st, Int8Query iq) {
    FloatRows data = graph.vectors;
    int[] links0 = graph.links0;
    int[][] upper = graph.upper;
    long[] ids = graph.ids;
    boolean[] deleted = graph.deleted;
    NodeLocks locks = graph.locks;
    int cap = level == 0 ? graph.maxM0 : graph.maxM;
    int live = graph.live();
    st.newVisit(count);
    int[] marks = st.marks;
    int gen = st.generation;
    ScoreHeap candidates = st.candidates;
    ScoreHeap results = st.results;
    candidates.clear();
    results.clear();
    int[] buf = st.neighbours;
    int[] fresh = st.fresh;
    float[] scores = st.freshScores;
    marks[ep] = gen;
    float s0 = iq == null ? data.score(metric, q, ep) : iq.score(ep);
    candidates.push(s0, ep);
    if (building || accepted(ep, ids, deleted, filter)) {
      results.push(s0, ep);
    }
    int visited = 1;
    int passed = results.size();
    while (candidates.size() > 0) {
      if (filter != null && visited >= SELECTIVITY_PROBE
          && exactIsCheaper(passed, visited, live, ef)) {
        return false;
      }
      float cs = candidates.topScore();
      if (results.size() >= ef && cs < results.topScore()) {
        break;
      }
      int c = candidates.topNode();
      candidates.pop();
      int n = locks.read(c, level == 0 ? links0 : upper[c], graph.offset(c, level), cap, buf);
      int m = 0;
      for (int i = 0; i < n; i++) {
        int nb = buf[i];
        if (nb < count && marks[nb] != gen) {
          marks[nb] = gen;
          fresh[m++] = nb;
        }
      }
      if (iq == null) {
        data.score(metric, q, fresh, m, scores);
      } else {
        iq.score(fresh, m, scores);
      }
      for (int i = 0; i < m; i++) {
        int nb = fresh[i];
        float s = scores[i];
        visited++;
        // Counted for every node met, competitive or not: the walk's estimate of the pass rate.
        boolean ok = building || accepted(nb, ids, deleted, filter);
        if (ok) {
          passed++;
        }
        if (results.size() < ef || s > results.topScore()) {
          candidates.push(s, nb);
          if (ok) {
            if (results.size() < ef) {
              results.push(s, nb);
            } else {
              results.replaceTop(s, nb); // s beats the worst kept: it takes its place
            }
          }
        }
      }
    }
    return true;
  }

  private static boolean accepted(int node, long[] ids, boolean[] deleted, IdFilter filter) {
    return !deleted[node] && (filter == null || filter.accept(ids[node]));
  }

  /**
   * The filter cost model: whether a filtered walk should give way to an exact scan of the
   * passing items. The scan tests the filter on every live item (about 5% of a score each) and
   * scores the passing share. The walk gives way when the filter passes under 2% of the nodes it
   * met, when it has already scored more nodes than the scan would, or when it will: it needs
   * about {@value #WALK_SCORES_PER_RESULT} scores per accepted result ({@code ef} of them),
   * divided by the share that passes.
   *
   * @param passed nodes met that the filter accepted
   * @param visited nodes met (scored)
   * @param live live items in the index
   * @param ef results the walk keeps
   * @return true to scan exactly instead
   */
  public static boolean exactIsCheaper(int passed, int visited, int live, int ef) {
    double share = (double) passed / visited;
    double scan = (share + 0.05) * live;
    return passed * 50 < visited || visited > scan
        || (double) WALK_SCORES_PER_RESULT * ef > share * scan;
  }
}
