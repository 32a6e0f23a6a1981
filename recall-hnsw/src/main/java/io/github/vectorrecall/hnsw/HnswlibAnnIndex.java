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
 * scans the passing items exactly when that costs less (see {@code Widening}). Searches share a
 * read lock; changes take the write lock. Saving stores ids and vectors in the library's
 * checksummed format (hnswlib-java's own format is Java serialization); loading rebuilds the
 * graph, which takes as long as the original build.
 */
public final class HnswlibAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "hnswlib";
  /** Builds of at least this many items log their progress. */
  private static final int LOGGED_BUILD = 50_000;

  private static final Logger LOG = LoggerFactory.getLogger(HnswlibAnnIndex.class);

  private final HnswIndex<Long, float[], VectorItem, Float> graph;

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
    graph.add(new VectorItem(id, v));
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      graph.remove(id, 0L);
      ensureCapacity(1);
      graph.add(new VectorItem(id, v));
    });
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
      BuildProgress progress = new BuildProgress("hnswlib build", ids.length, LOGGED_BUILD);
      try {
        graph.addAll(items, Threads.build(config), (done, max) -> progress.report(done),
            Math.max(10_000, ids.length / 10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecallException("interrupted while adding " + ids.length + " items", e);
      }
    });
  }

  private void ensureCapacity(int extra) {
    int needed = graph.size() + extra;
    if (needed > graph.getMaxItemCount()) {
      graph.resize(Math.max(needed, graph.getMaxItemCount() * 2));
    }
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
