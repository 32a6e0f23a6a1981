package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.ExactScan;
import io.github.vectorrecall.hnsw.internal.Futures;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brute-force search over one contiguous {@code float[]} (row {@code i} holds the vector of slot
 * {@code i}): exact answers, the ground truth other indexes are measured against, and at a few
 * hundred thousand items often fast enough on its own. Removal moves the last row into the freed
 * slot, so the array stays dense. Searches share a read lock; changes take the write lock.
 *
 * <p>With {@link IndexConfig#searchThreads()} above 1, one search splits its scan into ranges of
 * at least {@value #MIN_ROWS_PER_THREAD} rows, one per thread, and merges their bounded heaps.
 * The result is the same, except which of several items scored exactly alike at the K-th place
 * is kept. The setting belongs to the running index and is not stored in its file.
 */
public final class ExactAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "exact";

  /** Rows a split search gives each thread at least; smaller indexes scan on one thread. */
  static final int MIN_ROWS_PER_THREAD = 16_384;

  private final Map<Long, Integer> slots = new HashMap<>();
  private final int searchThreads;
  private ExecutorService searchPool;
  private float[] data;
  private long[] ids;
  private int size;

  ExactAnnIndex(IndexConfig config) {
    super(NAME, config);
    this.searchThreads = Threads.search(config);
    int capacity = Math.max(16, config.expectedSize());
    this.data = new float[capacity * dimension];
    this.ids = new long[capacity];
  }

  static ExactAnnIndex load(Path path) {
    IndexFile f = IndexFile.read(path, NAME);
    IndexConfig config = f.config();
    ExactAnnIndex index = new ExactAnnIndex(config);
    long[] ids = f.ids();
    for (int i = 0; i < ids.length; i++) {
      if (index.slots.putIfAbsent(ids[i], i) != null) {
        throw new CorruptFileException(path, "duplicate id " + ids[i]);
      }
    }
    System.arraycopy(ids, 0, index.ids, 0, ids.length);
    System.arraycopy(f.vectors(), 0, index.data, 0, f.vectors().length);
    index.size = ids.length;
    return index;
  }

  @Override
  protected int liveCount() {
    return size;
  }

  @Override
  protected boolean has(long id) {
    return slots.containsKey(id);
  }

  @Override
  protected void addNew(long id, float[] vector) {
    append(id, vector);
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      Integer slot = slots.get(id);
      if (slot != null) {
        System.arraycopy(v, 0, data, slot * dimension, dimension);
      } else {
        append(id, v);
      }
    });
  }

  @Override
  public void addAll(long[] newIds, float[][] vectors) {
    float[][] prepared = prepareAll(newIds, vectors);
    write(() -> {
      checkAbsent(newIds);
      for (int i = 0; i < newIds.length; i++) {
        append(newIds[i], prepared[i]);
      }
    });
  }

  private void append(long id, float[] v) {
    if (size == ids.length) {
      int capacity = ids.length * 2;
      ids = Arrays.copyOf(ids, capacity);
      data = Arrays.copyOf(data, capacity * dimension);
    }
    System.arraycopy(v, 0, data, size * dimension, dimension);
    ids[size] = id;
    slots.put(id, size);
    size++;
  }

  @Override
  protected boolean removeId(long id) {
    Integer slot = slots.remove(id);
    if (slot == null) {
      return false;
    }
    int last = size - 1;
    if (slot != last) {
      System.arraycopy(data, last * dimension, data, slot * dimension, dimension);
      ids[slot] = ids[last];
      slots.put(ids[slot], slot);
    }
    size--;
    return true;
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    float[] q = prepareQuery(query, ef);
    lock.readLock().lock();
    try {
      checkOpen();
      VectorChecks.checkK(k, size);
      int parts = Math.min(searchThreads, size / MIN_ROWS_PER_THREAD);
      if (parts <= 1) {
        return scan(q, k, filter, 0, size).toTopK();
      }
      // The caller holds the read lock throughout, so no change can reach the rows the other
      // threads read; the caller scans the last range itself.
      List<Future<TopKCollector>> others = new ArrayList<>();
      ExecutorService pool = searchPool();
      for (int p = 0; p < parts - 1; p++) {
        int from = (int) ((long) size * p / parts);
        int to = (int) ((long) size * (p + 1) / parts);
        others.add(pool.submit(() -> scan(q, k, filter, from, to)));
      }
      try {
        TopKCollector top = scan(q, k, filter, (int) ((long) size * (parts - 1) / parts), size);
        for (Future<TopKCollector> f : others) {
          TopK part = Futures.join(f, "searching").toTopK();
          for (int i = 0; i < part.size(); i++) {
            if (part.score(i) > top.threshold()) {
              top.offer(part.id(i), part.score(i));
            }
          }
        }
        return top.toTopK();
      } finally {
        // On a failure, no helper may still read the rows once the read lock is let go.
        Futures.awaitQuietly(others);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The k best of rows [from, to); the filter is tested first, as it costs less than a score. */
  private TopKCollector scan(float[] q, int k, IdFilter filter, int from, int to) {
    return ExactScan.rows(metric, q, data, ids, null, from, to, filter, k);
  }

  /** The helper threads of split searches, started on first use. */
  private synchronized ExecutorService searchPool() {
    if (searchPool == null) {
      AtomicInteger n = new AtomicInteger();
      searchPool = Executors.newFixedThreadPool(searchThreads - 1, r -> {
        Thread t = new Thread(r, "exact-search-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return searchPool;
  }

  @Override
  public long ramBytesUsed() {
    checkOpen();
    lock.readLock().lock();
    try {
      return 4L * data.length + 8L * ids.length + HnswAnnIndex.MAP_ENTRY_BYTES * slots.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void save(Path path) {
    checkOpen();
    lock.readLock().lock();
    try {
      new IndexFile(metric, dimension, config.m(), config.efConstruction(), config.efSearch(),
          Arrays.copyOf(ids, size), Arrays.copyOf(data, size * dimension))
          .write(path, NAME);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.writeLock().lock();
    try {
      synchronized (this) {
        if (searchPool != null) {
          searchPool.shutdown(); // no search holds the read lock now, none will again
        }
      }
      data = new float[0];
      ids = new long[0];
      size = 0;
      slots.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "ExactAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size=" + size + "}";
  }
}
