package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.ScoreHeap;
import io.github.vectorrecall.hnsw.internal.Scorer;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.hnsw.internal.Vectors;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.spi.VectorChecks;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own HNSW graph (Malkov and Yashunin), laid out for the JVM: all vectors in one
 * contiguous {@code float[]} (row = node), level-0 neighbour lists in one {@code int[]}, upper
 * levels in a small {@code int[]} per node, a generation-stamped visited array and primitive
 * heaps reused per thread, so a search allocates nothing but its result.
 *
 * <p>Filters are applied during the walk: a node the filter rejects (or a removed one) still
 * guides the search but never enters the result. When the walk finds that the filter passes
 * under 2% of the nodes it meets (judged after 1,000), or has met or will meet (ef results at the
 * share seen) more nodes than an exact scan of the passing share would score, or ends with fewer
 * than K accepted nodes, the search scans the accepted items exactly instead, so the result
 * holds min(K, accepted) ids.
 *
 * <p>{@link #addAll} inserts in parallel on {@link IndexConfig#buildThreads()} threads (all cores
 * by default) with per-node lock stripes, logging progress and ETA through SLF4J; with one thread
 * the graph is the same for the same seed. Removal leaves a tombstone that search skips; upsert
 * of an existing id tombstones the old node and inserts a new one. Once tombstones pass a quarter
 * of the nodes, {@link #compact()} rebuilds the graph without them in the background, repairing
 * the neighbourhoods the removed nodes held, while searches go on. Searches share a read lock;
 * changes take the write lock. An {@link #addAll} of more than {@value #ADD_CHUNK} items holds
 * it one chunk at a time, each chunk sized to hold it about 10 ms, so searches run between chunks
 * and see the items added so far (the duplicate check runs again per chunk, against ids added
 * meanwhile by other threads).
 */
public final class HnswAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "hnsw";
  private static final Logger LOG = LoggerFactory.getLogger(HnswAnnIndex.class);
  private static final String CODEC = AnnIndexProvider.CODEC_PREFIX + NAME;
  private static final int VERSION = 1;
  private static final int MAX_LEVEL = 24;
  private static final int STRIPES = 4096;
  /** Nodes a filtered walk meets before it judges the filter's selectivity. */
  private static final int SELECTIVITY_PROBE = 1000;
  /**
   * Items a large {@link #addAll} inserts in its first hold of the write lock; later chunks are
   * sized so that each holds the lock about {@link #ADD_HOLD_NANOS}. Searches waiting for the
   * read lock run between chunks (the lock is fair), so they wait for one chunk at most.
   */
  static final int ADD_CHUNK = 64;
  /** How long one chunk of a large {@link #addAll} should hold the write lock: 10 ms. */
  static final long ADD_HOLD_NANOS = 10_000_000L;
  private static final int MAX_ADD_CHUNK = 4096;
  /** Vectors an unfiltered walk scores per result it keeps, roughly (measured: 10 to 30). */
  private static final int WALK_SCORES_PER_RESULT = 16;

  private final int maxM;
  private final int maxM0;
  private final double levelMult;
  private final Map<Long, Integer> ordinals = new HashMap<>();
  private final Random levelRandom;
  private final Object entryLock = new Object();
  private final Object[] stripes = new Object[STRIPES];
  private final ThreadLocal<SearchState> states = ThreadLocal.withInitial(SearchState::new);
  /** Held for the whole of a compaction: one at a time. */
  private final java.util.concurrent.locks.ReentrantLock compaction =
      new java.util.concurrent.locks.ReentrantLock();
  /** Set while a background compaction is scheduled and not yet started. */
  private final java.util.concurrent.atomic.AtomicBoolean compactionScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** Runs between a compaction's snapshot and its build; tests make their changes there. */
  volatile Runnable afterCompactionSnapshot;
  /** The graph a compaction is building, so that {@link #close()} can stop it; null otherwise. */
  private volatile HnswAnnIndex rebuilding;
  /** Set on a graph under construction by a compaction when its index closes. */
  private volatile boolean cancelled;
  /** Tombstones when a compaction last failed: the background retries once they double. */
  private int failedAtTombstones;
  /** Changes made while a compaction builds its graph, replayed onto it; null otherwise. */
  private List<Change> journal;

  /** A change recorded for replay: an upsert (vector set) or a removal (vector null). */
  private record Change(long id, float[] vector) {}

  private float[] data;
  private long[] ids;
  private int[] levels;
  private int[] links0;
  private int[][] upper;
  private boolean[] deleted;
  private int count;
  private int live;
  private int entry = -1;
  private int maxLevel = -1;

  /** Per-thread scratch space: visited stamps, heaps, a neighbour buffer, a query buffer. */
  private final class SearchState {
    int[] marks = new int[0];
    int generation;
    final ScoreHeap candidates = new ScoreHeap(true, 64);
    final ScoreHeap results = new ScoreHeap(false, 64);
    final int[] neighbours = new int[maxM0 + 1];
    /** The not yet visited neighbours of one node, and their scores. */
    final int[] fresh = new int[maxM0 + 1];
    final float[] freshScores = new float[maxM0 + 1];
    final float[] query = new float[dimension];

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

  HnswAnnIndex(IndexConfig config) {
    super(NAME, config);
    this.maxM = config.m();
    this.maxM0 = 2 * config.m();
    this.levelMult = 1 / Math.log(Math.max(2, config.m()));
    this.levelRandom = new Random(config.seed());
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    allocate(Math.max(16, config.expectedSize()));
  }

  private void allocate(int capacity) {
    data = new float[capacity * dimension];
    ids = new long[capacity];
    levels = new int[capacity];
    links0 = new int[capacity * (maxM0 + 1)];
    upper = new int[capacity][];
    deleted = new boolean[capacity];
  }

  private void ensureCapacity(int needed) {
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

  @Override
  public int size() {
    return read(() -> live);
  }

  @Override
  public boolean contains(long id) {
    return read(() -> ordinals.containsKey(id));
  }

  @Override
  public void add(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      if (ordinals.containsKey(id)) {
        throw alreadyPresent(id);
      }
      try {
        insertBatch(new long[] {id}, new float[][] {v}, 1);
      } finally {
        recordOutcome(id, v);
      }
    });
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    lock.writeLock().lock();
    try {
      try {
        upsertNode(id, v);
      } finally {
        recordOutcome(id, v);
      }
      maybeCompact();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void upsertNode(long id, float[] v) {
    removeNode(id);
    insertBatch(new long[] {id}, new float[][] {v}, 1);
  }

  private boolean removeNode(long id) {
    Integer node = ordinals.remove(id);
    if (node == null) {
      return false;
    }
    deleted[node] = true;
    live--;
    return true;
  }

  /**
   * Notes for a running compaction what a change left behind, even a change that failed part
   * way: the id with its vector when it is in the index now, its removal otherwise.
   */
  private void recordOutcome(long id, float[] v) {
    record(id, ordinals.containsKey(id) ? v : null);
  }

  /** Notes a change for a running compaction; called under the write lock. */
  private void record(long id, float[] vector) {
    if (journal != null) {
      journal.add(new Change(id, vector));
    }
  }

  @Override
  public void addAll(long[] newIds, float[][] vectors) {
    checkOpen();
    float[][] prepared = ExactAnnIndex.prepareAll(newIds, vectors, dimension, metric);
    lock.writeLock().lock();
    try {
      for (long id : newIds) {
        if (ordinals.containsKey(id)) {
          throw alreadyPresent(id);
        }
      }
      if (newIds.length <= ADD_CHUNK) {
        insertChunk(newIds, prepared, null, null);
        return;
      }
    } finally {
      lock.writeLock().unlock();
    }
    Progress progress = new Progress(newIds.length, System.nanoTime());
    ExecutorService pool = buildPool(buildThreads());
    try {
      addChunks(newIds, prepared, progress, pool);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private void addChunks(long[] newIds, float[][] prepared, Progress progress,
      ExecutorService pool) {
    int chunk = ADD_CHUNK;
    for (int from = 0, to; from < newIds.length; from = to) {
      to = Math.min(newIds.length, from + chunk);
      long[] chunkIds = Arrays.copyOfRange(newIds, from, to);
      float[][] chunkVectors = Arrays.copyOfRange(prepared, from, to);
      lock.writeLock().lock();
      try {
        checkOpen();
        for (long id : chunkIds) {
          if (ordinals.containsKey(id)) {
            throw alreadyPresent(id); // added by another thread since this addAll began
          }
        }
        long start = System.nanoTime();
        insertChunk(chunkIds, chunkVectors, progress, pool);
        long took = Math.max(1, System.nanoTime() - start);
        chunk = (int) Math.max(16, Math.min(MAX_ADD_CHUNK,
            ADD_HOLD_NANOS * (to - from) / took));
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private int buildThreads() {
    return config.buildThreads() > 0
        ? config.buildThreads() : Runtime.getRuntime().availableProcessors();
  }

  /** A pool of build threads, or null for one thread. */
  private static ExecutorService buildPool(int threads) {
    if (threads <= 1) {
      return null;
    }
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hnsw-build");
      t.setDaemon(true);
      return t;
    });
  }

  /** Inserts new ids and journals the outcome for a running compaction; under the write lock. */
  private void insertChunk(long[] ids, float[][] prepared, Progress progress,
      ExecutorService pool) {
    try {
      if (pool != null) {
        insertBatch(ids, prepared, pool, buildThreads(), progress);
      } else {
        insertBatch(ids, prepared, buildThreads(), progress);
      }
    } finally {
      for (int i = 0; i < ids.length; i++) {
        recordOutcome(ids[i], prepared[i]);
      }
    }
  }

  /** Appends the nodes (levels drawn in order, so one thread gives one graph), then links them. */
  private void insertBatch(long[] newIds, float[][] prepared, int threads) {
    insertBatch(newIds, prepared, threads, null);
  }

  private void insertBatch(long[] newIds, float[][] prepared, int threads, Progress shared) {
    int n = newIds.length;
    int first = count;
    append(newIds, prepared);
    long start = System.nanoTime();
    if (threads <= 1 || n < 2_000) {
      Progress progress = shared != null ? shared : new Progress(n, start);
      for (int node = first; node < count; node++) {
        checkNotCancelled();
        insert(node);
        progress.done();
      }
      return;
    }
    ExecutorService pool = buildPool(threads);
    try {
      link(first, count, pool, threads, shared != null ? shared : new Progress(n, start));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Appends and links a batch with the threads of a pool the caller owns. */
  private void insertBatch(long[] newIds, float[][] prepared, ExecutorService pool, int threads,
      Progress progress) {
    int first = count;
    append(newIds, prepared);
    link(first, count, pool, threads, progress != null ? progress
        : new Progress(newIds.length, System.nanoTime()));
  }

  /** Appends unlinked nodes (levels drawn in order, so one thread gives one graph). */
  private void append(long[] newIds, float[][] prepared) {
    int n = newIds.length;
    ensureCapacity(count + n);
    for (int i = 0; i < n; i++) {
      int node = count++;
      System.arraycopy(prepared[i], 0, data, node * dimension, dimension);
      ids[node] = newIds[i];
      int level = Math.min(MAX_LEVEL,
          (int) (-Math.log(1 - levelRandom.nextDouble()) * levelMult));
      levels[node] = level;
      upper[node] = level == 0 ? null : new int[level * (maxM + 1)];
      links0[node * (maxM0 + 1)] = 0;
      deleted[node] = false;
      ordinals.put(newIds[i], node);
    }
    live += n;
  }

  /**
   * Links nodes [first, end) across the pool's threads. If one task fails, or the caller is
   * interrupted, the others stop at their next node and are waited for, so that no build thread
   * still writes to the graph once the caller lets go of the write lock.
   */
  private void link(int first, int end, ExecutorService pool, int threads, Progress progress) {
    AtomicInteger next = new AtomicInteger(first);
    java.util.concurrent.atomic.AtomicBoolean abort =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        for (int node = next.getAndIncrement(); node < end && !abort.get();
            node = next.getAndIncrement()) {
          checkNotCancelled();
          insert(node);
          progress.done();
        }
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      abort.set(true);
      awaitQuietly(futures);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the index", e);
    } catch (java.util.concurrent.ExecutionException e) {
      abort.set(true);
      awaitQuietly(futures);
      if (cancelled) {
        checkNotCancelled();
      }
      throw new IllegalStateException("building the index failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops a compaction's build once the index it is for has closed. */
  private void checkNotCancelled() {
    if (cancelled) {
      throw new IllegalStateException("index '" + NAME + "' is closed");
    }
  }

  /** Logs build progress (items/s, ETA) every 10% of large batches. */
  private static final class Progress {
    private final int total;
    private final long start;
    private final AtomicInteger done = new AtomicInteger();

    Progress(int total, long start) {
      this.total = total;
      this.start = start;
    }

    void done() {
      int d = done.incrementAndGet();
      if (total >= 10_000 && d % (total / 10) == 0) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = d / Math.max(seconds, 1e-9);
        LOG.info("hnsw build: {}/{} items, {} items/s, ETA {} s", d, total,
            String.format("%.0f", rate), String.format("%.0f", (total - d) / rate));
      }
    }
  }

  private Object stripe(int node) {
    return stripes[node & (STRIPES - 1)];
  }

  /** Copies a neighbour list into {@code out}; returns its length. */
  private int neighbours(int node, int level, int[] out, boolean locked) {
    int[] list = level == 0 ? links0 : upper[node];
    int off = level == 0 ? node * (maxM0 + 1) : (level - 1) * (maxM + 1);
    if (locked) {
      synchronized (stripe(node)) {
        int n = list[off];
        System.arraycopy(list, off + 1, out, 0, n);
        return n;
      }
    }
    int n = list[off];
    System.arraycopy(list, off + 1, out, 0, n);
    return n;
  }

  private float scoreRows(int a, int b) {
    return Vectors.score(metric, data, a * dimension, data, b * dimension, dimension);
  }

  private float scoreQuery(float[] q, int node) {
    return Vectors.score(metric, q, 0, data, node * dimension, dimension);
  }

  /**
   * Scores several nodes at once, each to the bit as {@link #scoreQuery} would: the kernels
   * load the rows' memory together first, then score them (the SIMD kernels four rows per
   * pass), so that memory loads overlap instead of waiting one after the other.
   */
  private void scoreQuery(float[] q, int[] nodes, int n, float[] out) {
    if (metric == Metric.L2) {
      Scorer.INSTANCE.squareDistanceRows(q, data, nodes, n, dimension, out);
      for (int i = 0; i < n; i++) {
        out[i] = -out[i];
      }
    } else {
      Scorer.INSTANCE.dotRows(q, data, nodes, n, dimension, out);
    }
  }

  private void insert(int node) {
    SearchState st = states.get();
    float[] q = st.query;
    System.arraycopy(data, node * dimension, q, 0, dimension);
    int level = levels[node];
    int ep;
    int epLevel;
    synchronized (entryLock) {
      ep = entry;
      epLevel = maxLevel;
      if (ep < 0) {
        entry = node;
        maxLevel = level;
        return;
      }
    }
    if (level > epLevel) {
      // A new top node: link it while holding the entry lock, then publish it.
      synchronized (entryLock) {
        link(node, q, level, entry, maxLevel, st);
        if (level > maxLevel) {
          entry = node;
          maxLevel = level;
        }
      }
    } else {
      link(node, q, level, ep, epLevel, st);
    }
  }

  private void link(int node, float[] q, int level, int ep, int epLevel, SearchState st) {
    int cur = ep;
    float curScore = scoreQuery(q, cur);
    for (int lev = epLevel; lev > level; lev--) {
      boolean changed = true;
      while (changed) {
        changed = false;
        int n = neighbours(cur, lev, st.neighbours, true);
        for (int i = 0; i < n; i++) {
          int nb = st.neighbours[i];
          float s = scoreQuery(q, nb);
          if (s > curScore) {
            curScore = s;
            cur = nb;
            changed = true;
          }
        }
      }
    }
    int[] cand = new int[Math.max(config.efConstruction(), maxM0) + 1];
    float[] candScores = new float[cand.length];
    for (int lev = Math.min(level, epLevel); lev >= 0; lev--) {
      searchLayer(q, cur, config.efConstruction(), lev, null, true, st);
      int found = drainBestFirst(st.results, cand, candScores);
      cur = cand[0];
      int[] selected = select(cand, candScores, found, maxM);
      int[] list = lev == 0 ? links0 : upper[node];
      int off = lev == 0 ? node * (maxM0 + 1) : (lev - 1) * (maxM + 1);
      synchronized (stripe(node)) {
        list[off] = selected.length;
        System.arraycopy(selected, 0, list, off + 1, selected.length);
      }
      for (int s : selected) {
        connect(s, node, lev);
      }
    }
  }

  /** Adds {@code node} to {@code target}'s list at a level, pruning by the heuristic if full. */
  private void connect(int target, int node, int level) {
    int cap = level == 0 ? maxM0 : maxM;
    int[] list = level == 0 ? links0 : upper[target];
    int off = level == 0 ? target * (maxM0 + 1) : (level - 1) * (maxM + 1);
    synchronized (stripe(target)) {
      int n = list[off];
      for (int i = 0; i < n; i++) {
        if (list[off + 1 + i] == node) {
          return;
        }
      }
      if (n < cap) {
        list[off + 1 + n] = node;
        list[off] = n + 1;
        return;
      }
      int[] cand = new int[n + 1];
      float[] scores = new float[n + 1];
      for (int i = 0; i < n; i++) {
        cand[i] = list[off + 1 + i];
        scores[i] = scoreRows(target, cand[i]);
      }
      cand[n] = node;
      scores[n] = scoreRows(target, node);
      sortBestFirst(cand, scores, n + 1);
      int[] kept = select(cand, scores, n + 1, cap);
      list[off] = kept.length;
      System.arraycopy(kept, 0, list, off + 1, kept.length);
    }
  }

  /**
   * The neighbour-selection heuristic: walking candidates best first, keep one unless it is
   * closer to an already kept neighbour than to the base node, which spreads links across
   * directions instead of clustering them.
   */
  private int[] select(int[] cand, float[] scores, int n, int cap) {
    int[] kept = new int[Math.min(cap, n)];
    int k = 0;
    for (int i = 0; i < n && k < kept.length; i++) {
      int c = cand[i];
      boolean good = true;
      for (int j = 0; j < k; j++) {
        if (scoreRows(c, kept[j]) > scores[i]) {
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

  private static void sortBestFirst(int[] nodes, float[] scores, int n) {
    // insertion sort: n is at most 2M + 1
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

  /**
   * Best-first search of one level from {@code ep}, keeping the {@code ef} best accepted nodes
   * in {@code st.results}. Rejected nodes (filtered or removed) are expanded but not kept; during
   * construction ({@code filter == null && locked}) every node is accepted.
   */
  private boolean searchLayer(float[] q, int ep, int ef, int level, IdFilter filter,
      boolean building, SearchState st) {
    st.newVisit(count);
    int[] marks = st.marks;
    int gen = st.generation;
    ScoreHeap candidates = st.candidates;
    ScoreHeap results = st.results;
    candidates.clear();
    results.clear();
    int[] buf = st.neighbours;
    marks[ep] = gen;
    float s0 = scoreQuery(q, ep);
    candidates.push(s0, ep);
    if (building || accepted(ep, filter)) {
      results.push(s0, ep);
    }
    int visited = 1;
    int passed = results.size();
    while (candidates.size() > 0) {
      if (filter != null && visited >= SELECTIVITY_PROBE) {
        // An exact scan of the passing items tests the filter on every item (about 5% of a
        // score each) and scores the passing share. Give way to it when the walk has already
        // cost more, or will: it needs about WALK_SCORES_PER_RESULT scores per accepted result
        // (ef of them), divided by the share that passes.
        double share = (double) passed / visited;
        double scan = (share + 0.05) * live;
        if (passed * 50 < visited || visited > scan
            || (double) WALK_SCORES_PER_RESULT * ef > share * scan) {
          return false;
        }
      }
      float cs = candidates.topScore();
      if (results.size() >= ef && cs < results.topScore()) {
        break;
      }
      int c = candidates.topNode();
      candidates.pop();
      int n = neighbours(c, level, buf, building);
      int[] fresh = st.fresh;
      float[] scores = st.freshScores;
      int m = 0;
      for (int i = 0; i < n; i++) {
        int nb = buf[i];
        if (marks[nb] != gen) {
          marks[nb] = gen;
          fresh[m++] = nb;
        }
      }
      scoreQuery(q, fresh, m, scores);
      for (int i = 0; i < m; i++) {
        int nb = fresh[i];
        float s = scores[i];
        visited++;
        // Counted for every node met, competitive or not: the walk's estimate of the pass rate.
        boolean ok = building || accepted(nb, filter);
        if (ok) {
          passed++;
        }
        if (results.size() < ef || s > results.topScore()) {
          candidates.push(s, nb);
          if (ok) {
            results.push(s, nb);
            if (results.size() > ef) {
              results.pop();
            }
          }
        }
      }
    }
    return true;
  }

  private boolean accepted(int node, IdFilter filter) {
    return !deleted[node] && (filter == null || filter.accept(ids[node]));
  }

  @Override
  public boolean remove(long id) {
    checkOpen();
    lock.writeLock().lock();
    try {
      if (!removeNode(id)) {
        return false;
      }
      record(id, null);
      maybeCompact();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    checkOpen();
    float[] q = Vectors.prepare("query", VectorChecks.check("query", query, dimension), metric);
    VectorChecks.checkEf(ef);
    lock.readLock().lock();
    try {
      checkOpen();
      VectorChecks.checkK(k, live);
      if (live == 0) {
        return TopK.empty();
      }
      SearchState st = states.get();
      int cur = entry;
      float curScore = scoreQuery(q, cur);
      int[] buf = st.neighbours;
      for (int lev = maxLevel; lev > 0; lev--) {
        boolean changed = true;
        while (changed) {
          changed = false;
          int n = neighbours(cur, lev, buf, false);
          float[] scores = st.freshScores;
          scoreQuery(q, buf, n, scores);
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
      int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
      boolean walked = searchLayer(q, cur, effort, 0, filter, false, st);
      ScoreHeap results = st.results;
      if (!walked || results.size() < Math.min(k, live)) {
        return exactScan(q, k, filter);
      }
      while (results.size() > k) {
        results.pop();
      }
      int n = results.size();
      long[] outIds = new long[n];
      float[] outScores = new float[n];
      for (int i = n - 1; i >= 0; i--) {
        outScores[i] = results.topScore();
        outIds[i] = ids[results.topNode()];
        results.pop();
      }
      return TopK.wrap(outIds, outScores);
    } finally {
      lock.readLock().unlock();
    }
  }

  private TopK exactScan(float[] q, int k, IdFilter filter) {
    TopKCollector top = new TopKCollector(k);
    // Used when the filter passes few items: test the filter first, score only what passes.
    for (int node = 0; node < count; node++) {
      if (!deleted[node] && (filter == null || filter.accept(ids[node]))) {
        float s = scoreQuery(q, node);
        if (s > top.threshold()) {
          top.offer(ids[node], s);
        }
      }
    }
    return top.toTopK();
  }

  /**
   * Share of removed nodes (tombstones) above which a removal or upsert starts a compaction in
   * the background, once the graph has at least {@value #COMPACT_MIN_NODES} nodes.
   */
  static final double COMPACT_SHARE = 0.25;
  static final int COMPACT_MIN_NODES = 1000;

  /**
   * Number of removed nodes still in the graph (tombstones), which searches walk through but
   * never return.
   *
   * @return tombstones
   */
  public int tombstones() {
    return read(() -> count - live);
  }

  /** Starts a background compaction when tombstones pass the share; under the write lock. */
  private void maybeCompact() {
    if (count >= COMPACT_MIN_NODES && count - live > COMPACT_SHARE * count
        && count - live > 2L * failedAtTombstones
        && !compaction.isLocked() && compactionScheduled.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          compact(true);
        } catch (RuntimeException | OutOfMemoryError e) {
          if (!closed) {
            LOG.warn("Background compaction of the hnsw graph failed; it is tried again once"
                + " the tombstones have doubled", e);
          }
        }
      }, "hnsw-compact");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * Rebuilds the graph without its tombstones, so removed nodes no longer cost memory or search
   * time and the neighbourhoods they held are repaired. Searches and changes go on meanwhile:
   * the new graph is built from a snapshot of the live items, changes made during the build are
   * replayed onto it, and it replaces the old one under the write lock, in one step. Runs by
   * itself (on a background thread) once removals or upserts have left more than a quarter of
   * the nodes as tombstones; call it directly to compact now. One compaction runs at a time; a
   * second call waits for the first. Closing the index stops a compaction's build at its next
   * node.
   *
   * @throws IllegalStateException if the index is closed, before or during the compaction
   */
  public void compact() {
    compact(false);
  }

  private void compact(boolean onlyIfNeeded) {
    checkOpen();
    compaction.lock();
    compactionScheduled.set(false);
    try {
      if (onlyIfNeeded && read(() -> count - live <= COMPACT_SHARE * count)) {
        return; // a compaction that ran while this one waited did the work
      }
      long[] liveIds;
      float[][] vectors;
      int tombstones;
      lock.writeLock().lock();
      try {
        checkOpen();
        tombstones = count - live;
        liveIds = new long[live];
        vectors = new float[live][];
        int n = 0;
        for (int node = 0; node < count; node++) {
          if (!deleted[node]) {
            liveIds[n] = ids[node];
            vectors[n++] = Arrays.copyOfRange(data, node * dimension, (node + 1) * dimension);
          }
        }
        journal = new ArrayList<>();
      } finally {
        lock.writeLock().unlock();
      }
      long start = System.nanoTime();
      HnswAnnIndex fresh;
      try {
        fresh = new HnswAnnIndex(IndexConfig.builder(dimension).metric(metric)
            .m(config.m()).efConstruction(config.efConstruction()).efSearch(config.efSearch())
            .seed(config.seed()).buildThreads(config.buildThreads())
            .expectedSize(Math.max(16, liveIds.length)).build());
        rebuilding = fresh;
        if (closed) {
          fresh.cancelled = true; // closed before close() could see the build
        }
        Runnable hook = afterCompactionSnapshot;
        if (hook != null) {
          hook.run();
        }
        int threads = config.buildThreads() > 0
            ? config.buildThreads() : Runtime.getRuntime().availableProcessors();
        fresh.insertBatch(liveIds, vectors, threads);
      } catch (RuntimeException | Error e) {
        // The old graph stays; stop journaling changes for a swap that will not happen.
        lock.writeLock().lock();
        try {
          journal = null;
          failedAtTombstones = tombstones;
        } finally {
          lock.writeLock().unlock();
        }
        throw e;
      } finally {
        rebuilding = null;
      }
      lock.writeLock().lock();
      try {
        if (closed) {
          return;
        }
        for (Change c : journal) {
          if (c.vector() == null) {
            fresh.removeNode(c.id());
          } else {
            fresh.upsertNode(c.id(), c.vector());
          }
        }
        LOG.info("Compacted the hnsw graph: {} tombstones dropped, {} live items, {} changes"
            + " replayed, {} s", tombstones, fresh.live, journal.size(),
            String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        data = fresh.data;
        ids = fresh.ids;
        levels = fresh.levels;
        links0 = fresh.links0;
        upper = fresh.upper;
        deleted = fresh.deleted;
        count = fresh.count;
        live = fresh.live;
        entry = fresh.entry;
        maxLevel = fresh.maxLevel;
        ordinals.clear();
        ordinals.putAll(fresh.ordinals);
      } finally {
        journal = null;
        lock.writeLock().unlock();
      }
    } finally {
      compaction.unlock();
    }
  }

  /** Bytes per entry of the id-to-node map (boxed key and value, node, table slot). */
  static final long MAP_ENTRY_BYTES = 72;

  @Override
  public long ramBytesUsed() {
    checkOpen();
    lock.readLock().lock();
    try {
      long bytes = 4L * data.length + 8L * ids.length + 4L * levels.length + 4L * links0.length
          + 8L * upper.length + deleted.length + MAP_ENTRY_BYTES * ordinals.size();
      for (int node = 0; node < count; node++) {
        if (upper[node] != null) {
          bytes += 16 + 4L * upper[node].length;
        }
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void save(Path path) {
    checkOpen();
    lock.readLock().lock();
    try {
      ChecksummedFile.write(path, CODEC, VERSION, out -> {
        out.writeUTF(metric.name());
        out.writeInt(dimension);
        out.writeInt(config.m());
        out.writeInt(config.efConstruction());
        out.writeInt(config.efSearch());
        out.writeLong(config.seed());
        out.writeInt(count);
        out.writeInt(entry);
        out.writeInt(maxLevel);
        for (int node = 0; node < count; node++) {
          out.writeLong(ids[node]);
          out.writeBoolean(deleted[node]);
          out.writeInt(levels[node]);
          ChecksummedFile.writeFloats(out, data, node * dimension, dimension);
          for (int lev = 0; lev <= levels[node]; lev++) {
            int[] list = lev == 0 ? links0 : upper[node];
            int off = lev == 0 ? node * (maxM0 + 1) : (lev - 1) * (maxM + 1);
            out.writeInt(list[off]);
            for (int i = 0; i < list[off]; i++) {
              out.writeInt(list[off + 1 + i]);
            }
          }
        }
      });
    } finally {
      lock.readLock().unlock();
    }
  }

  static HnswAnnIndex load(Path path) {
    return ChecksummedFile.read(path, CODEC, VERSION, VERSION, (in, v) -> readBody(path, in));
  }

  private static HnswAnnIndex readBody(Path path, DataInputStream in) throws IOException {
    Metric metric = IndexFile.readMetric(path, in);
    int dimension = ChecksummedFile.readCount(path, in, "dimension", 1 << 16);
    int m = ChecksummedFile.readCount(path, in, "M", 1 << 12);
    int efConstruction = ChecksummedFile.readCount(path, in, "efConstruction", 1 << 20);
    int efSearch = ChecksummedFile.readCount(path, in, "efSearch", 1 << 20);
    long seed = in.readLong();
    int count = ChecksummedFile.readCount(path, in, "node count", Integer.MAX_VALUE / 2);
    if (dimension < 1 || m < 2 || efConstruction < 1 || efSearch < 1) {
      throw new CorruptFileException(path, "bad index settings: dimension " + dimension
          + ", M " + m + ", efConstruction " + efConstruction + ", efSearch " + efSearch);
    }
    int entry = in.readInt();
    int maxLevel = in.readInt();
    if (entry < -1 || entry >= count || maxLevel < -1 || maxLevel > MAX_LEVEL
        || (entry < 0) != (count == 0)) {
      throw new CorruptFileException(path, "bad entry point " + entry + " at level " + maxLevel);
    }
    IndexConfig config = IndexConfig.builder(dimension).metric(metric).m(m)
        .efConstruction(efConstruction).efSearch(efSearch).expectedSize(Math.max(16, count))
        .seed(seed).build();
    HnswAnnIndex index = new HnswAnnIndex(config);
    for (int node = 0; node < count; node++) {
      long id = in.readLong();
      boolean gone = in.readBoolean();
      int level = in.readInt();
      if (level < 0 || level > MAX_LEVEL) {
        throw new CorruptFileException(path, "node " + node + " has level " + level);
      }
      index.ids[node] = id;
      index.deleted[node] = gone;
      index.levels[node] = level;
      index.upper[node] = level == 0 ? null : new int[level * (m + 1)];
      ChecksummedFile.readFloats(in, index.data, node * dimension, dimension);
      for (int lev = 0; lev <= level; lev++) {
        int cap = lev == 0 ? 2 * m : m;
        int n = ChecksummedFile.readCount(path, in, "neighbour count", cap);
        int[] list = lev == 0 ? index.links0 : index.upper[node];
        int off = lev == 0 ? node * (2 * m + 1) : (lev - 1) * (m + 1);
        list[off] = n;
        for (int i = 0; i < n; i++) {
          int nb = in.readInt();
          if (nb < 0 || nb >= count) {
            throw new CorruptFileException(path, "node " + node + " links to " + nb
                + ", beyond " + count + " nodes");
          }
          list[off + 1 + i] = nb;
        }
      }
      if (!gone && index.ordinals.put(id, node) != null) {
        throw new CorruptFileException(path, "duplicate id " + id);
      }
    }
    index.count = count;
    index.live = index.ordinals.size();
    index.entry = entry;
    index.maxLevel = maxLevel;
    if (entry >= 0 && index.levels[entry] != maxLevel) {
      throw new CorruptFileException(path, "entry point " + entry + " is not on level " + maxLevel);
    }
    return index;
  }

  @Override
  public void close() {
    closed = true;
    HnswAnnIndex building = rebuilding;
    if (building != null) {
      building.cancelled = true; // a compaction's build stops at its next node
    }
    lock.writeLock().lock();
    try {
      allocate(0);
      ordinals.clear();
      count = 0;
      live = 0;
      entry = -1;
      maxLevel = -1;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "HnswAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size=" + live
        + ", M=" + maxM + ", efConstruction=" + config.efConstruction() + "}";
  }
}
