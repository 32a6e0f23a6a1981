package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.LoadOptions;
import io.github.vectorrecall.IndexStats;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.VectorStorage;
import io.github.vectorrecall.hnsw.internal.BuildProgress;
import io.github.vectorrecall.hnsw.internal.ConcurrentHnswBuilder;
import io.github.vectorrecall.hnsw.internal.HnswGraph;
import io.github.vectorrecall.hnsw.internal.HnswGraphBuilder;
import io.github.vectorrecall.hnsw.internal.HnswGraphFile;
import io.github.vectorrecall.hnsw.internal.HnswGraphSearcher;
import io.github.vectorrecall.hnsw.internal.IdOrdinalMap;
import io.github.vectorrecall.hnsw.internal.MappedFloats;
import io.github.vectorrecall.hnsw.internal.QuantizedVectors;
import io.github.vectorrecall.hnsw.internal.Scorer;
import io.github.vectorrecall.hnsw.internal.SplitScan;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The project's own HNSW graph (Malkov and Yashunin), laid out for the JVM: all vectors in one
 * contiguous {@code float[]} (row = node), level-0 neighbour lists in one {@code int[]}, upper
 * levels in a small {@code int[]} per node, a generation-stamped visited array and primitive
 * heaps reused per thread, so a search allocates nothing but its result. This class keeps the id
 * mapping, the writers' lock and the {@code AnnIndex} contract; the graph's storage, insertion, parallel
 * build, search, compaction and file format each have their own class.
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
 * the neighbourhoods the removed nodes held, while searches go on.
 *
 * <p>Searches take no lock and never wait for a change: they walk the graph while a writer links
 * new nodes (neighbour lists are copied through per-node seqlocks, see {@link HnswGraph}), and
 * {@link #size()} and {@link #contains} read a live count and an id map that allows one
 * writer beside lock-free readers ({@link IdOrdinalMap}). Changes take
 * the write lock, one at a time. What a search running beside a change sees:
 *
 * <ul>
 *   <li>A search that begins after {@link #remove} returned never returns the removed id; one
 *       that overlaps the removal may.
 *   <li>A search that overlaps an {@link #upsert} of an id may return the id with its old
 *       vector, with its new one, or not at all, and never twice; one that begins after the
 *       upsert returned sees the new vector only.
 *   <li>Items added after a search began are not returned by it; items whose add returned
 *       before it began are in the graph it walks.
 *   <li>A search returns K results when K items stay in the index throughout it.
 * </ul>
 *
 * <p>An {@link #addAll} of more than {@value ConcurrentHnswBuilder#ADD_CHUNK} items holds the
 * write lock one chunk at a time, each chunk sized to hold it about 10 ms, so other changes
 * interleave with it; searches see the items added so far (the duplicate check runs again per
 * chunk, against ids added meanwhile by other threads).
 */
public final class HnswAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "hnsw";

  /**
   * The node of each live id: changed under the write lock, read without it by {@link
   * #contains} (the map allows that: see {@link IdOrdinalMap}); a compaction replaces it.
   */
  volatile IdOrdinalMap ordinals;
  private static final Set<SearchMode> FLOAT_MODES = Collections.unmodifiableSet(
      EnumSet.of(SearchMode.AUTO, SearchMode.EXACT, SearchMode.GRAPH));
  private static final Set<SearchMode> ALL_MODES =
      Collections.unmodifiableSet(EnumSet.allOf(SearchMode.class));
  /** Int8 candidates an int8 scan re-ranks on floats per result it returns. */
  static final float OVERSAMPLE = 2f;
  /** Int8 candidates an int8 scan re-ranks beyond K at least, for small K. */
  static final int MIN_EXTRA_CANDIDATES = 64;

  private final HnswGraphSearcher searcher;
  private final SplitScan splitScan;
  /** Whether the index keeps int8 codes ({@link Quantization#INT8}). */
  private final boolean quantizing;
  /** Whether AUTO searches the int8 codes: a quantised index on SIMD kernels. */
  private final boolean autoInt8;
  /** Stops this index's build when it is a compaction's graph and its index closes. */
  private final ConcurrentHnswBuilder build = new ConcurrentHnswBuilder(NAME);
  private final HnswCompactor compactor;
  /**
   * Changed under the write lock, read by searches without it; replaced (and so published to
   * searches) when it grows, when a compaction swaps in its graph and on close.
   */
  volatile HnswGraph graph;
  /** Guarded by the write lock; replaced with the graph. */
  private HnswGraphBuilder builder;

  HnswAnnIndex(IndexConfig config) {
    this(config, null);
  }

  /**
   * An index whose compactions call {@code afterCompactionSnapshot} between their snapshot and
   * their build (tests make their changes there).
   */
  HnswAnnIndex(IndexConfig config, Consumer<HnswAnnIndex> afterCompactionSnapshot) {
    this(config, new HnswGraph(config.dimension(), config.m(),
        Math.max(16, config.expectedSize()), config.vectorStorage() == VectorStorage.MAPPED
            ? MappedFloats.create(config.vectorDirectory(), "vectorrecall-floats-",
                config.dimension(), MappedFloats.DEFAULT_CHUNK_BYTES)
            : null), new IdOrdinalMap(config.expectedSize()), afterCompactionSnapshot);
  }

  private HnswAnnIndex(IndexConfig config, HnswGraph graph, IdOrdinalMap ordinals,
      Consumer<HnswAnnIndex> afterCompactionSnapshot) {
    super(NAME, config);
    this.graph = graph;
    this.ordinals = ordinals;
    this.searcher = new HnswGraphSearcher(metric, dimension, config.m());
    this.splitScan = new SplitScan(Threads.search(config), "hnsw-scan");
    this.quantizing = config.quantization() == Quantization.INT8;
    // Mapped floats are for re-ranking only: AUTO never walks or scans them once codes exist.
    this.autoInt8 = quantizing
        && (Scorer.INSTANCE.vectorized() || config.vectorStorage() == VectorStorage.MAPPED);
    this.builder = new HnswGraphBuilder(graph, searcher, metric, config.efConstruction(),
        config.seed());
    this.compactor = new HnswCompactor(this, afterCompactionSnapshot);
  }

  static HnswAnnIndex load(Path path, LoadOptions options) {
    HnswGraphFile.Contents c = HnswGraphFile.read(path, options);
    return new HnswAnnIndex(c.config(), c.graph(), c.ordinals(), null);
  }

  @Override
  protected int liveCount() {
    return graph.live();
  }

  /** Without a lock: the live count as of the last finished change. */
  @Override
  public int size() {
    checkOpen();
    return graph.live();
  }

  /** Without a lock: true from the moment an add appends the id's node until its removal. */
  @Override
  public boolean contains(long id) {
    checkOpen();
    return ordinals.containsKey(id);
  }

  @Override
  protected boolean has(long id) {
    return ordinals.containsKey(id);
  }

  @Override
  protected void addNew(long id, float[] v) {
    try {
      insert(new long[] {id}, new float[][] {v}, null, 1, null);
    } finally {
      recordOutcome(id, v);
    }
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
      compactor.maybeStart();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces or adds one id; under the write lock. The old node is marked before the new one is
   * appended, so a search sees one of them at most, and the live count searches see does not
   * dip.
   */
  void upsertNode(long id, float[] v) {
    int old = ordinals.get(id); // kept until the new node replaces it, for contains()
    if (old != IdOrdinalMap.ABSENT) {
      graph.markReplaced(old);
    }
    boolean done = false;
    try {
      insert(new long[] {id}, new float[][] {v}, null, 1, null);
      done = true;
    } finally {
      if (!done && old != IdOrdinalMap.ABSENT) {
        ordinals.remove(id, old); // the old node is gone whatever became of the new one
        graph.publishLive();
      }
    }
  }

  /** Tombstones an id's node; under the write lock. */
  boolean removeNode(long id) {
    int node = ordinals.remove(id);
    if (node == IdOrdinalMap.ABSENT) {
      return false;
    }
    graph.markDeleted(node);
    return true;
  }

  /**
   * Notes for a running compaction what a change left behind, even a change that failed part
   * way: the id with its vector when it is in the index now, its removal otherwise.
   */
  private void recordOutcome(long id, float[] v) {
    compactor.record(id, ordinals.containsKey(id) ? v : null);
  }

  @Override
  public void addAll(long[] newIds, float[][] vectors) {
    float[][] prepared = prepareAll(newIds, vectors);
    lock.writeLock().lock();
    try {
      checkAbsent(newIds);
      if (newIds.length <= ConcurrentHnswBuilder.ADD_CHUNK) {
        insertChunk(newIds, prepared, null, null);
        return;
      }
    } finally {
      lock.writeLock().unlock();
    }
    BuildProgress progress = new BuildProgress("hnsw build", newIds.length,
        ConcurrentHnswBuilder.LOGGED_BUILD);
    ExecutorService pool = ConcurrentHnswBuilder.pool(Threads.build(config));
    try {
      ConcurrentHnswBuilder.inChunks(newIds.length, lock.writeLock(), (from, to) -> {
        checkOpen();
        long[] chunkIds = Arrays.copyOfRange(newIds, from, to);
        checkAbsent(chunkIds); // ids added by another thread since this addAll began
        insertChunk(chunkIds, Arrays.copyOfRange(prepared, from, to), pool, progress);
      });
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Inserts new ids and journals the outcome for a running compaction; under the write lock. */
  private void insertChunk(long[] newIds, float[][] prepared, ExecutorService pool,
      BuildProgress progress) {
    try {
      insert(newIds, prepared, pool, Threads.build(config), progress);
    } finally {
      for (int i = 0; i < newIds.length; i++) {
        recordOutcome(newIds[i], prepared[i]);
      }
    }
  }

  /**
   * Appends the nodes (levels drawn in order, so one thread gives one graph), then links them:
   * on the pool when there is one, else as {@link ConcurrentHnswBuilder#link} decides. A graph
   * without room is copied into a larger one first, which searches then read.
   */
  void insert(long[] newIds, float[][] prepared, ExecutorService pool, int threads,
      BuildProgress progress) {
    HnswGraph g = graph.withRoom(graph.count() + newIds.length);
    if (g != graph) {
      builder = builder.withGraph(g);
      graph = g;
    }
    int first = builder.append(newIds, prepared);
    if (quantizing && graph.quantized() == null
        && graph.count() >= QuantizedVectors.MIN_FIT_ROWS) {
      // Fitted on the first MIN_FIT_ROWS rows, not on all rows so far: a bulk add appends in
      // chunks sized by the time they take, so "so far" would change from run to run, and with
      // it the quantizer and every code. Then appends keep the codes current.
      graph.quantize(graph.fitQuantizer(QuantizedVectors.MIN_FIT_ROWS, config.seed()), metric);
    }
    for (int i = 0; i < newIds.length; i++) {
      ordinals.put(newIds[i], first + i);
    }
    build.link(builder, first, graph.count(), pool, threads, progress);
  }

  @Override
  protected boolean removeId(long id) {
    if (!removeNode(id)) {
      return false;
    }
    compactor.record(id, null);
    compactor.maybeStart();
    return true;
  }

  /** Without a lock: see the class comment for what it sees of changes made meanwhile. */
  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    return search(query, k, filter, ef, SearchMode.AUTO);
  }

  @Override
  public Set<SearchMode> searchModes() {
    return quantizing ? ALL_MODES : FLOAT_MODES;
  }

  /**
   * Without a lock, in any mode. {@link SearchMode#AUTO} scans when the walk would score about
   * as many vectors as the scan ({@value HnswGraphSearcher#WALK_SCORES_PER_RESULT} per result
   * kept, {@code ef} results, against the live items), and walks the graph otherwise; on an
   * index built with {@link Quantization#INT8} running the SIMD kernels, on the int8 codes. A
   * scan splits across {@link IndexConfig#searchThreads()} threads. The int8 modes search the
   * floats until the index holds {@value QuantizedVectors#MIN_FIT_ROWS} items and fits its
   * quantizer; the int8 scan re-ranks its best {@code max(2 K, K + 64)} on floats, the int8
   * walk its {@code ef} results.
   */
  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef, SearchMode mode) {
    float[] q = prepareQuery(query, ef);
    checkMode(mode);
    HnswGraph g = graph;
    checkOpen(); // close() sets the flag before it empties the graph
    int live = g.live();
    VectorChecks.checkK(k, live);
    if (live == 0) {
      return TopK.empty();
    }
    int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
    boolean scan = mode == SearchMode.AUTO ? HnswGraphSearcher.scanIsCheaper(live, effort)
        : mode == SearchMode.EXACT || mode == SearchMode.EXACT_INT8;
    // Read before the count, which then covers it; null until the quantizer is fitted, when the
    // int8 modes search the floats.
    QuantizedVectors qv = mode == SearchMode.AUTO ? (autoInt8 ? g.quantized() : null)
        : mode.quantized() ? g.quantized() : null;
    if (scan) {
      int count = g.count(); // the nodes appended before the scan began; graph arrays stay put
      return splitScan.scan(count, k, qv == null
          ? (from, to) -> searcher.exactRange(g, q, k, filter, from, to)
          : (from, to) -> searcher.exactRangeInt8(g, qv, q, k, filter, from, to,
              Math.max(OVERSAMPLE, (k + MIN_EXTRA_CANDIDATES) / (float) k)));
    }
    return qv == null ? searcher.search(g, q, k, filter, effort)
        : searcher.searchInt8(g, qv, q, k, filter, effort);
  }

  /**
   * Number of removed nodes still in the graph (tombstones), which searches walk through but
   * never return.
   *
   * @return tombstones
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public int tombstones() {
    return read(() -> graph.tombstones());
  }

  @Override
  public IndexStats stats() {
    HnswGraph g = graph; // without a lock, as searches read it: monitoring never waits
    checkOpen(); // after the read, as in search: close() sets the flag before it empties
    int live = g.live();
    int count = g.count(); // two reads: beside a change they may straddle it, never below 0
    return new IndexStats(live, Math.max(0, count - live), compactor.completed(),
        searcher.exactFallbacks());
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
  @Override
  public void compact() {
    compactor.compact(false);
  }

  /**
   * Replaces this index's graph and ids with a compaction's, in one volatile store for searches;
   * under the write lock.
   */
  void swap(HnswAnnIndex fresh) {
    HnswGraph old = graph;
    builder = builder.withGraph(fresh.graph);
    ordinals = fresh.ordinals;
    graph = fresh.graph;
    old.closeVectors(); // searches still on the old graph read on: the mapping stays until GC
  }

  /** Closes a compaction's index that will not be swapped in: its mapped file goes. */
  void discard() {
    closed = true;
    build.cancel();
    splitScan.close();
    graph.closeVectors();
  }

  /** Stops this index's build at its next node (it is a compaction's graph). */
  void cancelBuild() {
    build.cancel();
  }

  @Override
  public long ramBytesUsed() {
    return read(() -> graph.ramBytesUsed() + ordinals.ramBytesUsed());
  }

  @Override
  public void save(Path path) {
    read(() -> {
      HnswGraphFile.write(path, config, graph);
      return null;
    });
  }

  @Override
  public void close() {
    closed = true;
    compactor.cancel();
    splitScan.close();
    lock.writeLock().lock();
    try {
      HnswGraph empty = new HnswGraph(dimension, config.m(), 0);
      HnswGraph old = graph;
      builder = builder.withGraph(empty);
      ordinals = new IdOrdinalMap(0);
      graph = empty;
      old.closeVectors();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "HnswAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size="
        + graph.live() + ", M=" + config.m() + ", efConstruction=" + config.efConstruction()
        + "}";
  }
}
