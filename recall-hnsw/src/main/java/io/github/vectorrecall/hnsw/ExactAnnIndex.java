package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.ExactScan;
import io.github.vectorrecall.hnsw.internal.IdOrdinalMap;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.SplitScan;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.spi.VectorChecks;
import io.github.vectorrecall.LoadOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Brute-force search over one contiguous {@code float[]} (row {@code i} holds the vector of slot
 * {@code i}): exact answers, the ground truth other indexes are measured against, and at a few
 * hundred thousand items often fast enough on its own. Removal moves the last row into the freed
 * slot, so the array stays dense. Searches share a read lock; changes take the write lock.
 *
 * <p>With {@link IndexConfig#searchThreads()} above 1, one search splits its scan into ranges of
 * at least {@value SplitScan#MIN_ROWS_PER_THREAD} rows, one per thread, and merges their bounded heaps.
 * The result is the same, except which of several items scored exactly alike at the K-th place
 * is kept. The setting belongs to the running index and is not stored in its file.
 */
public final class ExactAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "exact";

  /** Id to row: primitive arrays, no boxed entry per item. */
  private IdOrdinalMap slots;
  private static final Set<SearchMode> MODES =
      Collections.unmodifiableSet(EnumSet.of(SearchMode.AUTO, SearchMode.EXACT));

  private final SplitScan splitScan;
  private float[] data;
  private long[] ids;
  private int size;

  ExactAnnIndex(IndexConfig config) {
    super(NAME, config);
    this.splitScan = new SplitScan(Threads.search(config), "exact-search");
    int capacity = Math.max(16, config.expectedSize());
    this.data = new float[capacity * dimension];
    this.ids = new long[capacity];
    this.slots = new IdOrdinalMap(config.expectedSize());
  }

  static ExactAnnIndex load(Path path, LoadOptions options) {
    IndexFile f = IndexFile.read(path, NAME);
    IndexConfig config = f.config();
    if (options.searchThreads().isPresent()) {
      config = config.toBuilder().searchThreads(options.searchThreads().getAsInt()).build();
    }
    ExactAnnIndex index = new ExactAnnIndex(config);
    long[] ids = f.ids();
    for (int i = 0; i < ids.length; i++) {
      if (index.slots.put(ids[i], i) != IdOrdinalMap.ABSENT) {
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
      int slot = slots.get(id);
      if (slot != IdOrdinalMap.ABSENT) {
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
    int slot = slots.remove(id);
    if (slot == IdOrdinalMap.ABSENT) {
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
  public Set<SearchMode> searchModes() {
    return MODES;
  }

  /** {@link SearchMode#AUTO} and {@link SearchMode#EXACT} are one search here. */
  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef, SearchMode mode) {
    checkMode(mode);
    return search(query, k, filter, ef);
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    float[] q = prepareQuery(query, ef);
    lock.readLock().lock();
    try {
      checkOpen();
      VectorChecks.checkK(k, size);
      // The read lock, held throughout, keeps every change from the rows the helpers read.
      return splitScan.scan(size, k, (from, to) -> scan(q, k, filter, from, to));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The k best of rows [from, to); the filter is tested first, as it costs less than a score. */
  private TopKCollector scan(float[] q, int k, IdFilter filter, int from, int to) {
    return ExactScan.rows(metric, q, data, ids, null, from, to, filter, k);
  }

  @Override
  public long ramBytesUsed() {
    checkOpen();
    lock.readLock().lock();
    try {
      return 4L * data.length + 8L * ids.length + slots.ramBytesUsed();
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
      splitScan.close(); // no search holds the read lock now, none will again
      data = new float[0];
      ids = new long[0];
      size = 0;
      slots = new IdOrdinalMap(0);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "ExactAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size=" + size + "}";
  }
}
