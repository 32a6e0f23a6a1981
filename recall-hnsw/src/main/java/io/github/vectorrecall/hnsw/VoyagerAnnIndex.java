package io.github.vectorrecall.hnsw;

import com.spotify.voyager.jni.Index;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.BuildProgress;
import io.github.vectorrecall.hnsw.internal.ExactScan;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HNSW through Spotify's Voyager ({@code com.spotify:voyager}): native C++ hnswlib behind JNI,
 * with libraries for Linux, macOS and Windows on x64 and aarch64 inside its jar. Choose it for
 * native search speed from a well-kept library; the graph and the vectors live off the Java heap.
 *
 * <p><b>Filters.</b> Voyager cannot filter during traversal. A filtered search asks the graph for
 * {@code k} neighbours and, when fewer than {@code k} pass, for as many more as the share that
 * passed says are needed; when the filter is so selective that scoring the passing items costs
 * less than that wider graph search, it scores them exactly instead. Either way the result holds {@code min(k, passing)} ids, but a
 * selective filter costs more here than with {@code hnsw}, which filters inside the walk.
 *
 * <p><b>Metrics.</b> Inner product and cosine use Voyager's inner-product space (cosine vectors are
 * normalised first, as in every provider); L2 uses its Euclidean space. Scores are converted back
 * to this library's "higher is better" scores.
 *
 * <p><b>Changes.</b> Removal marks the item deleted in the graph (search skips it, the slot is not
 * reused); upsert of a present or removed id replaces its vector in place. Searches run in
 * parallel; changes wait for running searches and block new ones.
 *
 * <p><b>Files.</b> {@link #save} writes Voyager's own graph inside this library's checksummed file
 * ({@code VoyagerGraphFile}), so loading does not rebuild it. The graph goes through a temporary
 * file, never through the Java heap.
 */
public final class VoyagerAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "voyager";

  private static final Logger LOG = LoggerFactory.getLogger(VoyagerAnnIndex.class);
  private static final int PROGRESS_CHUNKS = 20;
  /** Builds of at least this many items run in {@value #PROGRESS_CHUNKS} chunks, logged. */
  private static final int LOGGED_BUILD = 50_000;
  /**
   * What the exact scan pays per passing item (vectors fetched through JNI, scored in Java),
   * in scores inside the native graph: about 1 µs against 0.12 µs (reference data, 2026-11-30).
   */
  private static final double SCAN_WEIGHT = 8.0;

  private final Index graph;
  /** Live ids (present and not removed). Guarded by the lock. */
  private final Set<Long> live;
  /** Ids ever added, removed ones included: the graph keeps their slots. Guarded by the lock. */
  private final Set<Long> known;

  VoyagerAnnIndex(IndexConfig config) {
    this(config, newGraph(config), new HashSet<>(), new HashSet<>());
  }

  /** A new empty native graph with room for the expected size; the caller frees it. */
  static Index newGraph(IndexConfig config) {
    return new Index(space(config.metric()), config.dimension(), config.m(),
        config.efConstruction(), config.seed(), Math.max(16, config.expectedSize()),
        Index.StorageDataType.Float32);
  }

  private VoyagerAnnIndex(IndexConfig config, Index graph, Set<Long> live, Set<Long> known) {
    super(NAME, config);
    this.graph = graph;
    this.live = live;
    this.known = known;
  }

  static Index.SpaceType space(Metric metric) {
    return metric == Metric.L2 ? Index.SpaceType.Euclidean : Index.SpaceType.InnerProduct;
  }

  @Override
  protected int liveCount() {
    return live.size();
  }

  @Override
  protected boolean has(long id) {
    return live.contains(id);
  }

  @Override
  protected void addNew(long id, float[] v) {
    put(id, v);
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> put(id, v));
  }

  /** Adds or replaces one vector; called under the write lock. */
  private void put(long id, float[] v) {
    boolean revived = false;
    if (known.contains(id)) {
      if (!live.contains(id)) {
        graph.unmarkDeleted(id);
        revived = true;
      }
    } else {
      ensureCapacity(1);
    }
    try {
      graph.addItem(v, id);
    } catch (RuntimeException e) {
      // Leave the graph as the id sets say: a revived id goes back to removed, and a new id the
      // graph stored anyway is known but removed.
      if (revived) {
        graph.markDeleted(id);
      } else if (!known.contains(id) && stored(new long[] {id}).contains(id)) {
        known.add(id);
        graph.markDeleted(id);
      }
      throw e;
    }
    known.add(id);
    live.add(id);
  }

  /** Which of {@code ids} the native graph holds (removed or not); used after a failure. */
  private Set<Long> stored(long[] ids) {
    Set<Long> all = new HashSet<>();
    for (long id : graph.getIDs()) {
      all.add(id);
    }
    Set<Long> out = new HashSet<>();
    for (long id : ids) {
      if (all.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    float[][] prepared = prepareAll(ids, vectors);
    write(() -> {
      checkAbsent(ids);
      // Removed ids still own a slot in the graph: they come back one by one, in place.
      long[] freshIds = new long[ids.length];
      float[][] freshVectors = new float[ids.length][];
      int fresh = 0;
      for (int i = 0; i < ids.length; i++) {
        if (known.contains(ids[i])) {
          put(ids[i], prepared[i]);
        } else {
          freshIds[fresh] = ids[i];
          freshVectors[fresh++] = prepared[i];
        }
      }
      addFresh(Arrays.copyOf(freshIds, fresh), Arrays.copyOf(freshVectors, fresh));
    });
  }

  /** Adds ids never seen by this index, in chunks with progress; called under the write lock. */
  private void addFresh(long[] ids, float[][] prepared) {
    ensureCapacity(ids.length);
    int threads = Threads.build(config);
    int chunk = ids.length >= LOGGED_BUILD ? (ids.length + PROGRESS_CHUNKS - 1) / PROGRESS_CHUNKS
        : Math.max(1, ids.length);
    BuildProgress progress = new BuildProgress("voyager build", ids.length, LOGGED_BUILD);
    for (int from = 0; from < ids.length; from += chunk) {
      int to = Math.min(ids.length, from + chunk);
      float[][] part = Arrays.copyOfRange(prepared, from, to);
      long[] partIds = Arrays.copyOfRange(ids, from, to);
      try {
        graph.addItems(part, partIds, threads);
      } catch (RuntimeException e) {
        // The native call may have stored part of the chunk: those items are in the index now,
        // as the items of earlier chunks are, and the id sets must say so.
        for (long id : stored(partIds)) {
          known.add(id);
          live.add(id);
        }
        throw e;
      }
      for (long id : partIds) {
        known.add(id);
        live.add(id);
      }
      progress.report(to);
    }
  }

  private void ensureCapacity(int extra) {
    long needed = graph.getNumElements() + (long) extra;
    if (needed > graph.getMaxElements()) {
      graph.resizeIndex(Math.max(needed, graph.getMaxElements() * 2));
    }
  }

  @Override
  protected boolean removeId(long id) {
    if (!live.remove(id)) {
      return false;
    }
    graph.markDeleted(id);
    return true;
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    float[] q = prepareQuery(query, ef);
    return read(() -> {
      checkOpen();
      int size = live.size();
      VectorChecks.checkK(k, size);
      int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
      return Widening.search(k, filter, effort, size, k, effort, SCAN_WEIGHT,
          (want, depth) -> neighbours(q, want, depth), () -> exactScan(q, k, filter));
    });
  }

  /** The graph's answer, or null when it fails; called under the read lock. */
  private Widening.Neighbours neighbours(float[] q, int want, int depth) {
    Index.QueryResults found;
    try {
      found = graph.query(q, want, depth);
    } catch (RuntimeException e) {
      // hnswlib fails when the walk finds fewer than `want` live items (possible after many
      // removals): the exact scan answers instead.
      LOG.debug("voyager query for {} neighbours failed ({}); scanning exactly", want,
          e.getMessage());
      return null;
    }
    float[] scores = found.distances;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(scores[i]);
    }
    return new Widening.Neighbours(found.labels, scores);
  }

  private float score(float distance) {
    // Voyager: inner product distance = 1 - dot; Euclidean distance = squared L2 distance.
    return metric == Metric.L2 ? -distance : 1f - distance;
  }

  /** Scores every live item that passes the filter; called under the read lock. */
  private TopK exactScan(float[] q, int k, IdFilter filter) {
    long[] ids = new long[live.size()];
    int n = 0;
    for (long id : live) {
      if (filter == null || filter.accept(id)) {
        ids[n++] = id;
      }
    }
    TopKCollector top = new TopKCollector(k);
    int batch = 4096;
    for (int from = 0; from < n; from += batch) {
      long[] part = Arrays.copyOfRange(ids, from, Math.min(n, from + batch));
      ExactScan.vectors(top, metric, q, part, graph.getVectors(part), part.length);
    }
    return top.toTopK();
  }

  @Override
  public void save(Path path) {
    read(() -> {
      VoyagerGraphFile.write(path, config, graph, live, known);
      return null;
    });
  }

  static VoyagerAnnIndex load(Path path) {
    VoyagerGraphFile.Contents c = VoyagerGraphFile.read(path);
    return new VoyagerAnnIndex(c.config(), c.graph(), c.live(), c.known());
  }

  /**
   * An estimate of the native memory: per slot the vector, the level-0 links (2M) and the label,
   * as hnswlib allocates them for its capacity, plus the upper levels (about 1/M of the items, M
   * links each).
   */
  @Override
  public long ramBytesUsed() {
    return read(() -> {
      long slots = graph.getMaxElements();
      long perSlot = 4L * dimension + 4L * (2L * config.m() + 1) + 8L + 8L;
      long upper = graph.getNumElements() / Math.max(2, config.m()) * (4L * (config.m() + 1) + 8L);
      return slots * perSlot + upper + 48L * live.size();
    });
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        VoyagerGraphFile.free(graph);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "VoyagerAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size="
        + (closed ? "closed" : String.valueOf(size())) + "}";
  }
}
