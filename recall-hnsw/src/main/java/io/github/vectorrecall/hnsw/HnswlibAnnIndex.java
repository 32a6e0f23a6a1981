package io.github.vectorrecall.hnsw;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallException;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.hnsw.internal.Vectors;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HNSW through hnswlib-java ({@code com.github.jelmerk:hnswlib-core}), the reference graph
 * implementation.
 *
 * <p>Per-request search effort: hnswlib-java keeps one {@code ef} per index, so this index asks
 * the graph for {@code max(k, ef)} neighbours (which makes the graph search with that effort) and
 * keeps the best {@code k}. Filters: hnswlib-java cannot filter during traversal, so a filtered
 * search asks for more candidates, sized from the share that passed, until {@code k} pass, and
 * scans the passing items exactly when that costs less (see {@code Widening}). Saving stores ids and
 * vectors in the library's checksummed format (hnswlib-java's own format is Java serialization);
 * loading rebuilds the graph, which takes as long as the original build.
 */
public final class HnswlibAnnIndex implements AnnIndex {
  /** Provider name. */
  public static final String NAME = "hnswlib";

  private static final Logger LOG = LoggerFactory.getLogger(HnswlibAnnIndex.class);

  private final IndexConfig config;
  private final Metric metric;
  private final int dimension;
  private final HnswIndex<Long, float[], VectorItem, Float> graph;
  private final Object writeLock = new Object();
  private volatile boolean closed;

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
    this.config = config;
    this.metric = config.metric();
    this.dimension = config.dimension();
    this.graph =
        HnswIndex.newBuilder(
                dimension,
                metric == Metric.L2
                    ? DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE
                    : DistanceFunctions.FLOAT_INNER_PRODUCT,
                Math.max(16, config.expectedSize()))
            .withM(config.m())
            .withEfConstruction(config.efConstruction())
            .withEf(1)
            .withRemoveEnabled()
            .<Long, VectorItem>build();
  }

  static HnswlibAnnIndex load(Path path) {
    IndexFile f = IndexFile.read(path, NAME);
    IndexConfig config = f.config();
    HnswlibAnnIndex index = new HnswlibAnnIndex(config);
    int n = f.ids().length;
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] =
          java.util.Arrays.copyOfRange(f.vectors(), i * f.dimension(), (i + 1) * f.dimension());
    }
    LOG.info("Rebuilding the hnswlib graph of {} items from {}", n, path);
    index.addAll(f.ids(), vectors);
    return index;
  }

  @Override
  public String provider() {
    return NAME;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    checkOpen();
    return graph.size();
  }

  @Override
  public boolean contains(long id) {
    checkOpen();
    return graph.contains(id);
  }

  @Override
  public void add(long id, float[] vector) {
    checkOpen();
    String name = "vector for id " + id;
    float[] v = Vectors.prepare(name, VectorChecks.check(name, vector, dimension), metric);
    synchronized (writeLock) {
      if (graph.contains(id)) {
        throw new IllegalArgumentException("id " + id + " is already in the index; use upsert");
      }
      ensureCapacity(1);
      graph.add(new VectorItem(id, v));
    }
  }

  @Override
  public void upsert(long id, float[] vector) {
    checkOpen();
    String name = "vector for id " + id;
    float[] v = Vectors.prepare(name, VectorChecks.check(name, vector, dimension), metric);
    synchronized (writeLock) {
      graph.remove(id, 0L);
      ensureCapacity(1);
      graph.add(new VectorItem(id, v));
    }
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    checkOpen();
    float[][] prepared = ExactAnnIndex.prepareAll(ids, vectors, dimension, metric);
    List<VectorItem> items = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      items.add(new VectorItem(ids[i], prepared[i]));
    }
    synchronized (writeLock) {
      for (long id : ids) {
        if (graph.contains(id)) {
          throw new IllegalArgumentException("id " + id + " is already in the index; use upsert");
        }
      }
      ensureCapacity(ids.length);
      int threads = config.buildThreads() > 0
          ? config.buildThreads() : Runtime.getRuntime().availableProcessors();
      long start = System.nanoTime();
      try {
        graph.addAll(items, threads, (done, max) -> {
          double s = (System.nanoTime() - start) / 1e9;
          if (max >= 50_000) {
            LOG.info("hnswlib build: {}/{} items, {} items/s, ETA {} s", done, max,
                String.format("%.0f", done / Math.max(s, 1e-9)),
                String.format("%.0f", (max - done) * s / Math.max(done, 1)));
          }
        }, Math.max(10_000, ids.length / 10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecallException("interrupted while adding " + ids.length + " items", e);
      }
    }
  }

  private void ensureCapacity(int extra) {
    int needed = graph.size() + extra;
    if (needed > graph.getMaxItemCount()) {
      graph.resize(Math.max(needed, graph.getMaxItemCount() * 2));
    }
  }

  @Override
  public boolean remove(long id) {
    checkOpen();
    synchronized (writeLock) {
      return graph.remove(id, 0L);
    }
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    checkOpen();
    float[] q = Vectors.prepare("query", VectorChecks.check("query", query, dimension), metric);
    VectorChecks.checkEf(ef);
    int size = graph.size();
    VectorChecks.checkK(k, size);
    int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
    int want = Math.min(effort, size);
    while (true) {
      List<SearchResult<VectorItem, Float>> found = graph.findNearest(q, want);
      TopKCollector top = new TopKCollector(k);
      int passed = 0;
      for (SearchResult<VectorItem, Float> r : found) {
        long id = r.item().id;
        if (filter == null || filter.accept(id)) {
          top.offer(id, score(r.distance()));
          passed++;
        }
      }
      if (top.size() == k || want >= size) {
        return top.toTopK();
      }
      int next = Widening.next(effort, want, found.size(), passed, size, 1.0);
      if (next < 0) {
        return exactScan(q, k, filter);
      }
      want = next;
    }
  }

  private float score(float distance) {
    // hnswlib-java: inner product distance = 1 - dot; euclidean distance = sqrt(sum of squares).
    return metric == Metric.L2 ? -(distance * distance) : 1f - distance;
  }

  private TopK exactScan(float[] q, int k, IdFilter filter) {
    TopKCollector top = new TopKCollector(k);
    Collection<VectorItem> items = graph.items();
    for (VectorItem item : items) {
      if (filter == null || filter.accept(item.id)) {
        top.offer(item.id, metric == Metric.L2 ? Metric.L2.score(q, item.vector)
            : Metric.dot(q, item.vector));
      }
    }
    return top.toTopK();
  }

  @Override
  public void save(Path path) {
    checkOpen();
    synchronized (writeLock) {
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
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index '" + NAME + "' is closed");
    }
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
