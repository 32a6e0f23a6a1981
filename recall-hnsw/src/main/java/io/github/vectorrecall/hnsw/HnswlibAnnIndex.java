package io.github.vectorrecall.hnsw;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallException;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.BuildProgress;
import io.github.vectorrecall.hnsw.internal.ExactScan;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HNSW through hnswlib-java ({@code com.github.jelmerk:hnswlib-core}), the reference graph
 * implementation. The library is an optional dependency of this module: add it to use this
 * provider.
 *
 * <p>Per-request search effort: hnswlib-java keeps one {@code ef} per index, so this index asks
 * the graph for {@code max(k, ef)} neighbours (which makes the graph search with that effort) and
 * keeps the best {@code k}. Filters: hnswlib-java cannot filter during traversal, so a filtered
 * search asks for more candidates, sized from the share that passed, until {@code k} pass, and
 * scans the passing items exactly when that costs less (see {@code Widening}); a graph that
 * returns fewer than {@code min(k, passing)} items (as many equal vectors make it do) is answered
 * by the exact scan. Saving stores ids and vectors in the library's checksummed format
 * (hnswlib-java's own format is Java serialization); loading rebuilds the graph, which takes as
 * long as the original build.
 *
 * <p><b>Changes.</b> Searches share a read lock; every change takes the write lock, so changes
 * may come from any number of threads while others search (they run one at a time). hnswlib-java
 * never reuses the slot of a removed item (a removal or the replacement of a vector leaves a
 * tombstone) and fails an insertion past its capacity, losing the item it was replacing. So this
 * index makes room before it changes anything: it grows the graph ({@code resize}, at least
 * doubling), or, when at least half the slots are tombstones, rebuilds it from the live items
 * (as {@link #compact()} does), which keeps memory within about four times the live items. An
 * add or upsert that fails leaves the item as it was.
 */
public final class HnswlibAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "hnswlib";
  /** Builds of at least this many items log their progress. */
  private static final int LOGGED_BUILD = 50_000;

  private static final Logger LOG = LoggerFactory.getLogger(HnswlibAnnIndex.class);

  /** The graph; replaced when it is rebuilt. Guarded by the lock. */
  private HnswIndex<Long, float[], VectorItem, Float> graph;
  /**
   * Slots of the graph used so far, tombstones included (hnswlib-java never reuses one); an
   * upper bound, since a failed insertion may or may not have taken one. Guarded by the lock.
   */
  private int slots;

  /** One stored vector. */
  static final class VectorItem implements Item<Long, float[]> {
    private static final long serialVersionUID = 1L;
    private final long id;
    private final float[] vector;

    VectorItem(long id, float[] vector) {
      this.id = id;
      this.vector = vector;
    }

    @Override
    public Long id() {
      return id;
    }

    @Override
    public float[] vector() {
      return vector;
    }

    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  HnswlibAnnIndex(IndexConfig config) {
    super(NAME, config);
    this.graph = newGraph(Math.max(16, config.expectedSize()));
  }

  private HnswIndex<Long, float[], VectorItem, Float> newGraph(int capacity) {
    return HnswIndex.newBuilder(
            dimension,
            metric == Metric.L2
                ? DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE
                : DistanceFunctions.FLOAT_INNER_PRODUCT,
            capacity)
        .withM(config.m())
        .withEfConstruction(config.efConstruction())
        .withEf(1)
        .withRemoveEnabled()
        .<Long, VectorItem>build();
  }

  static HnswlibAnnIndex load(Path path) {
    IndexFile f = IndexFile.read(path, NAME);
    HnswlibAnnIndex index = new HnswlibAnnIndex(f.config());
    int n = f.ids().length;
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] = Arrays.copyOfRange(f.vectors(), i * f.dimension(), (i + 1) * f.dimension());
    }
    LOG.info("Rebuilding the hnswlib graph of {} items from {}", n, path);
    index.addAll(f.ids(), vectors);
    return index;
  }

  @Override
  protected int liveCount() {
    return graph.size();
  }

  @Override
  protected boolean has(long id) {
    return graph.contains(id);
  }

  @Override
  protected void addNew(long id, float[] v) {
    ensureCapacity(1);
    insert(new VectorItem(id, v));
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      ensureCapacity(1); // before the old vector goes: a full graph would lose the item
      VectorItem old = graph.get(id).orElse(null);
      if (old != null) {
        graph.remove(id, 0L);
      }
      try {
        insert(new VectorItem(id, v));
      } catch (RuntimeException e) {
        if (old != null) {
          restore(old, e);
        }
        throw e;
      }
    });
  }

  /** Inserts an item with room made for it; called under the write lock. */
  private void insert(VectorItem item) {
    slots++;
    graph.add(item);
  }

  /** Puts back the item a failed upsert removed; called under the write lock. */
  private void restore(VectorItem old, RuntimeException failure) {
    try {
      ensureCapacity(1);
      insert(old);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    float[][] prepared = prepareAll(ids, vectors);
    List<VectorItem> items = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      items.add(new VectorItem(ids[i], prepared[i]));
    }
    write(() -> {
      checkAbsent(ids);
      ensureCapacity(ids.length);
      slots += ids.length;
      build(graph, items);
    });
  }

  /** Adds items to a graph with room for them, in parallel, logging large builds. */
  private void build(HnswIndex<Long, float[], VectorItem, Float> target,
      Collection<VectorItem> items) {
    BuildProgress progress = new BuildProgress("hnswlib build", items.size(), LOGGED_BUILD);
    try {
      target.addAll(items, Threads.build(config), (done, max) -> progress.report(done),
          Math.max(10_000, items.size() / 10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecallException("interrupted while adding " + items.size() + " items", e);
    }
  }

  /**
   * Makes room for {@code extra} more insertions; called under the write lock. When at least
   * half the slots are tombstones the graph is rebuilt from its live items, else it grows.
   */
  private void ensureCapacity(int extra) {
    long needed = (long) slots + extra;
    int max = graph.getMaxItemCount();
    if (needed <= max) {
      return;
    }
    int live = graph.size();
    if (slots - live >= live) {
      rebuild((long) live + extra);
      if ((long) slots + extra <= graph.getMaxItemCount()) {
        return;
      }
    }
    long grown = Math.max(needed, 2L * graph.getMaxItemCount());
    graph.resize((int) Math.min(grown, Integer.MAX_VALUE - 8));
  }

  /**
   * Replaces the graph by one built from the live items, with room for {@code room} items or
   * twice the live ones; the old graph stays if the build fails. Called under the write lock.
   */
  private void rebuild(long room) {
    Collection<VectorItem> items = graph.items();
    long capacity = Math.max(16, Math.max(room, 2L * items.size()));
    HnswIndex<Long, float[], VectorItem, Float> fresh =
        newGraph((int) Math.min(capacity, Integer.MAX_VALUE - 8));
    build(fresh, items);
    LOG.debug("Rebuilt the hnswlib graph: {} live items, {} tombstones dropped", items.size(),
        slots - items.size());
    graph = fresh;
    slots = items.size();
  }

  /**
   * Removed items and replaced vectors whose slots the graph still holds.
   *
   * @return the tombstones
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public int tombstones() {
    return read(() -> slots - graph.size());
  }

  /**
   * Rebuilds the graph from the live items (as long as a build of them takes); searches wait.
   *
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public void compact() {
    write(() -> {
      if (slots > graph.size()) {
        rebuild(graph.size());
      }
    });
  }

  @Override
  protected boolean removeId(long id) {
    return graph.remove(id, 0L);
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    float[] q = prepareQuery(query, ef);
    return read(() -> {
      int size = graph.size();
      VectorChecks.checkK(k, size);
      int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
      int want = Math.min(effort, size);
      return Widening.search(k, filter, effort, size, want, want, 1.0,
          (n, depth) -> neighbours(q, n), () -> exactScan(q, k, filter));
    });
  }

  /** The {@code n} nearest items (hnswlib-java searches with ef = n). */
  private Widening.Neighbours neighbours(float[] q, int n) {
    List<SearchResult<VectorItem, Float>> found = graph.findNearest(q, n);
    long[] ids = new long[found.size()];
    float[] scores = new float[found.size()];
    for (int i = 0; i < ids.length; i++) {
      SearchResult<VectorItem, Float> r = found.get(i);
      ids[i] = r.item().id;
      scores[i] = score(r.distance());
    }
    return new Widening.Neighbours(ids, scores);
  }

  private float score(float distance) {
    // hnswlib-java: inner product distance = 1 - dot; euclidean distance = sqrt(sum of squares).
    return metric == Metric.L2 ? -(distance * distance) : 1f - distance;
  }

  /** Scores every item that passes the filter; called under the read lock. */
  private TopK exactScan(float[] q, int k, IdFilter filter) {
    Collection<VectorItem> items = graph.items();
    long[] ids = new long[items.size()];
    float[][] vectors = new float[items.size()][];
    int n = 0;
    for (VectorItem item : items) {
      if (filter == null || filter.accept(item.id)) {
        ids[n] = item.id;
        vectors[n++] = item.vector;
      }
    }
    TopKCollector top = new TopKCollector(k);
    ExactScan.vectors(top, metric, q, ids, vectors, n);
    return top.toTopK();
  }

  @Override
  public void save(Path path) {
    read(() -> {
      Collection<VectorItem> items = graph.items();
      long[] ids = new long[items.size()];
      float[] data = new float[items.size() * dimension];
      int i = 0;
      for (VectorItem item : items) {
        ids[i] = item.id;
        System.arraycopy(item.vector, 0, data, i * dimension, dimension);
        i++;
      }
      new IndexFile(metric, dimension, config.m(), config.efConstruction(), config.efSearch(), ids,
          data).write(path, NAME);
      return null;
    });
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "HnswlibAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size="
        + graph.size() + "}";
  }
}
