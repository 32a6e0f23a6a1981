package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.spi.VectorChecks;
import io.github.vectorrecall.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read-only index made of several shard indexes listed in a {@link ShardManifest}: a search
 * runs on every shard in parallel (each with the same K, filter and ef) and merges their results
 * into the best K. Any provider's files can be shards; the Spark job in {@code recall-spark}
 * builds {@code hnsw} shards. Open one with {@link AnnIndex#load(Path)} on the manifest, so a
 * {@link io.github.vectorrecall.RecallEngine} serves a sharded catalog unchanged.
 *
 * <p>Every item lives in exactly one shard, so the merged result holds {@code min(K, items
 * passing the filter)} ids, as a single index's would. With {@code exact} shards the result
 * equals an exact search over all items; with graph shards each shard's search is approximate and
 * the union of the per-shard top K is at least as good as one graph's at equal ef.
 *
 * <p>Read-only: {@link #add}, {@link #upsert}, {@link #addAll}, {@link #remove} and {@link
 * #compact} throw {@link UnsupportedOperationException}; rebuild the shards to change the
 * catalog. {@link #save(Path)} writes a copy (shards beside the given manifest path). Whoever
 * opens it closes it; close closes every shard.
 */
public final class ShardedAnnIndex implements AnnIndex {
  /** Provider name. */
  public static final String NAME = "sharded";

  private static final String READ_ONLY = "a sharded index is read-only: rebuild its shards to "
      + "change items (recall-spark's ShardedIndexBuildJob, or ShardedAnnIndex.write)";

  private final ShardManifest manifest;
  private final AnnIndex[] shards;
  private final int size;
  private final Set<SearchMode> modes;
  private final ExecutorService pool;
  private volatile boolean closed;

  private ShardedAnnIndex(ShardManifest manifest, AnnIndex[] shards) {
    this.manifest = manifest;
    this.shards = shards;
    int n = 0;
    for (AnnIndex s : shards) {
      n += s.size();
    }
    this.size = n;
    Set<SearchMode> common = EnumSet.allOf(SearchMode.class);
    for (AnnIndex s : shards) {
      common.retainAll(s.searchModes());
    }
    this.modes = Collections.unmodifiableSet(common);
    int threads = Math.min(shards.length, Runtime.getRuntime().availableProcessors()) - 1;
    if (threads > 0) {
      AtomicInteger count = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "sharded-search-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  /**
   * Opens the manifest and loads every shard it lists (each with the provider that wrote it).
   *
   * @param manifestPath the manifest file
   * @return the index; the caller closes it
   * @throws CorruptFileException if the manifest or a shard is damaged, or a shard's dimension,
   *     metric or size differs from the manifest
   * @throws io.github.vectorrecall.RecallIOException if a file cannot be read
   */
  public static ShardedAnnIndex open(Path manifestPath) {
    return open(manifestPath, LoadOptions.defaults());
  }

  /**
   * Opens a sharded index from its manifest, each shard loaded with {@code options}.
   *
   * @param manifestPath the manifest
   * @param options how to open each shard
   * @return the index; the caller closes it
   * @throws CorruptFileException if the manifest or a shard is damaged, or a shard's dimension,
   *     metric or size differs from the manifest
   * @throws IllegalArgumentException if a shard's provider cannot honour an option
   * @throws io.github.vectorrecall.RecallIOException if a file cannot be read
   */
  public static ShardedAnnIndex open(Path manifestPath, LoadOptions options) {
    Objects.requireNonNull(manifestPath, "manifestPath");
    Objects.requireNonNull(options, "options");
    ShardManifest m = ShardManifest.read(manifestPath);
    Path dir = manifestPath.toAbsolutePath().getParent();
    AnnIndex[] shards = new AnnIndex[m.shards().size()];
    try {
      for (int i = 0; i < shards.length; i++) {
        ShardManifest.Shard s = m.shards().get(i);
        Path file = dir.resolve(s.file());
        shards[i] = AnnIndex.load(file, options);
        AnnIndex shard = shards[i];
        if (shard.dimension() != m.dimension() || shard.metric() != m.metric()
            || shard.size() != s.size()) {
          throw new CorruptFileException(manifestPath, "shard " + i + " (" + s.file()
              + ") holds " + shard.size() + " items of dimension " + shard.dimension() + ", "
              + shard.metric() + " but the manifest says " + s.size() + " items of dimension "
              + m.dimension() + ", " + m.metric());
        }
      }
    } catch (RuntimeException e) {
      for (AnnIndex s : shards) {
        if (s != null) {
          s.close();
        }
      }
      throw e;
    }
    return new ShardedAnnIndex(m, shards);
  }

  /**
   * Writes indexes as the shards of one sharded index: each to {@link
   * ShardManifest#shardFileName(int)} beside the manifest, then the manifest. The caller decides
   * which items go in which shard ({@link ShardManifest#shardOf(long, int)} is the convention).
   *
   * @param manifestPath the manifest file; its directory must exist
   * @param shards the shard indexes, all of one dimension and metric (not closed here)
   * @return the manifest written
   * @throws IllegalArgumentException if there are no shards or they differ in dimension or
   *     metric
   */
  public static ShardManifest write(Path manifestPath, List<? extends AnnIndex> shards) {
    Objects.requireNonNull(manifestPath, "manifestPath");
    Objects.requireNonNull(shards, "shards");
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a sharded index needs at least one shard; shards=0");
    }
    AnnIndex first = shards.get(0);
    List<ShardManifest.Shard> entries = new ArrayList<>();
    Path dir = manifestPath.toAbsolutePath().getParent();
    for (int i = 0; i < shards.size(); i++) {
      AnnIndex s = shards.get(i);
      if (s.dimension() != first.dimension() || s.metric() != first.metric()) {
        throw new IllegalArgumentException("shard " + i + " has dimension " + s.dimension()
            + ", " + s.metric() + " but shard 0 has dimension " + first.dimension() + ", "
            + first.metric());
      }
      String name = ShardManifest.shardFileName(i);
      s.save(dir.resolve(name));
      entries.add(new ShardManifest.Shard(name, s.size()));
    }
    ShardManifest m = new ShardManifest(first.dimension(), first.metric(), entries);
    m.write(manifestPath);
    return m;
  }

  /**
   * The manifest this index was opened from.
   *
   * @return the manifest
   */
  public ShardManifest manifest() {
    return manifest;
  }

  /**
   * Number of shards.
   *
   * @return the shard count
   */
  public int shardCount() {
    return shards.length;
  }

  @Override
  public String provider() {
    return NAME;
  }

  @Override
  public int dimension() {
    checkOpen();
    return manifest.dimension();
  }

  @Override
  public Metric metric() {
    checkOpen();
    return manifest.metric();
  }

  @Override
  public int size() {
    checkOpen();
    return size;
  }

  @Override
  public boolean contains(long id) {
    checkOpen();
    for (AnnIndex s : shards) {
      if (s.contains(id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void add(long id, float[] vector) {
    throw new UnsupportedOperationException(READ_ONLY);
  }

  @Override
  public void upsert(long id, float[] vector) {
    throw new UnsupportedOperationException(READ_ONLY);
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    throw new UnsupportedOperationException(READ_ONLY);
  }

  @Override
  public boolean remove(long id) {
    throw new UnsupportedOperationException(READ_ONLY);
  }

  @Override
  public void compact() {
    throw new UnsupportedOperationException(READ_ONLY);
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    return search(query, k, filter, ef, SearchMode.AUTO);
  }

  /** The modes every shard offers. */
  @Override
  public Set<SearchMode> searchModes() {
    return modes;
  }

  /** Searches every shard in {@code mode}. */
  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef, SearchMode mode) {
    checkOpen();
    Objects.requireNonNull(mode, "mode");
    if (!modes.contains(mode)) {
      throw new IllegalArgumentException("The sharded index does not offer search mode " + mode
          + "; its shards all offer " + modes);
    }
    VectorChecks.check("query", query, manifest.dimension(), manifest.metric());
    VectorChecks.checkK(k, size);
    VectorChecks.checkEf(ef);
    TopK[] parts = new TopK[shards.length];
    if (pool == null) {
      for (int i = 0; i < shards.length; i++) {
        parts[i] = searchShard(i, query, k, filter, ef, mode);
      }
    } else {
      // The caller searches the last shard itself while the pool searches the others.
      List<Future<TopK>> others = new ArrayList<>(shards.length - 1);
      for (int i = 0; i < shards.length - 1; i++) {
        int shard = i;
        others.add(pool.submit(() -> searchShard(shard, query, k, filter, ef, mode)));
      }
      parts[shards.length - 1] = searchShard(shards.length - 1, query, k, filter, ef, mode);
      for (int i = 0; i < others.size(); i++) {
        parts[i] = join(others.get(i), i);
      }
    }
    return merge(parts, k);
  }

  private TopK searchShard(int i, float[] query, int k, IdFilter filter, int ef,
      SearchMode mode) {
    AnnIndex s = shards[i];
    int n = s.size();
    return n == 0 ? TopK.empty() : s.search(query, Math.min(k, n), filter, ef, mode);
  }

  private static TopK join(Future<TopK> f, int shard) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching shard " + shard, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("searching shard " + shard + " failed", c);
    }
  }

  /** The best k of the shards' results, best first; equal scores keep the lower id first. */
  static TopK merge(TopK[] parts, int k) {
    int total = 0;
    for (TopK p : parts) {
      total += p.size();
    }
    long[] ids = new long[total];
    float[] scores = new float[total];
    Integer[] order = new Integer[total];
    int n = 0;
    for (TopK p : parts) {
      for (int r = 0; r < p.size(); r++) {
        ids[n] = p.id(r);
        scores[n] = p.score(r);
        order[n] = n;
        n++;
      }
    }
    Arrays.sort(order, (a, b) -> {
      int c = Float.compare(scores[b], scores[a]);
      return c != 0 ? c : Long.compare(ids[a], ids[b]);
    });
    int m = Math.min(k, total);
    long[] outIds = new long[m];
    float[] outScores = new float[m];
    for (int i = 0; i < m; i++) {
      outIds[i] = ids[order[i]];
      outScores[i] = scores[order[i]];
    }
    return TopK.wrap(outIds, outScores);
  }

  /**
   * Writes a copy: every shard beside {@code path} ({@link ShardManifest#shardFileName(int)}),
   * then the manifest at {@code path}.
   *
   * @param path the new manifest file
   */
  @Override
  public void save(Path path) {
    checkOpen();
    write(path, Arrays.asList(shards));
  }

  @Override
  public long ramBytesUsed() {
    checkOpen();
    long total = 0;
    for (AnnIndex s : shards) {
      long b = s.ramBytesUsed();
      if (b < 0) {
        return -1;
      }
      total += b;
    }
    return total;
  }

  @Override
  public int tombstones() {
    checkOpen();
    int n = 0;
    for (AnnIndex s : shards) {
      n += s.tombstones();
    }
    return n;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.shutdown();
    }
    for (AnnIndex s : shards) {
      s.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("ShardedAnnIndex is closed");
    }
  }

  @Override
  public String toString() {
    return "ShardedAnnIndex[shards=" + shards.length + ", size=" + size + ", dimension="
        + manifest.dimension() + ", metric=" + manifest.metric() + "]";
  }
}
