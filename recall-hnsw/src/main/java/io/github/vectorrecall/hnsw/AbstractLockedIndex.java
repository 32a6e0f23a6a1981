package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.hnsw.internal.Vectors;
import io.github.vectorrecall.spi.VectorChecks;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The skeleton of every provider's index: its settings, a read/write lock (searches read, changes
 * write; {@code hnsw}'s searches, {@code size} and {@code contains} take no lock), the closed
 * flag, and the checks and messages of single-vector changes.
 */
abstract class AbstractLockedIndex implements AnnIndex {
  /** The provider name. */
  protected final String name;
  /** The settings the index was made with. */
  protected final IndexConfig config;
  /** Vector length. */
  protected final int dimension;
  /** How vectors are compared. */
  protected final Metric metric;
  /** Fair, so that searches queued behind a change run before the next change takes it. */
  protected final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  /** Set by {@link #close()}; every call but close fails afterwards. */
  protected volatile boolean closed;

  /**
   * @throws IllegalArgumentException if the configuration asks for int8 codes and the index
   *     cannot keep them (only {@code hnsw} does)
   */
  AbstractLockedIndex(String name, IndexConfig config) {
    if (config.quantization() != Quantization.NONE && !HnswAnnIndex.NAME.equals(name)) {
      throw new IllegalArgumentException("The " + name + " index does not keep int8 codes; "
          + "quantization=" + config.quantization() + " needs the hnsw provider");
    }
    this.name = name;
    this.config = config;
    this.dimension = config.dimension();
    this.metric = config.metric();
  }

  /**
   * Number of live items; called under the lock.
   *
   * @return live items
   */
  protected abstract int liveCount();

  /**
   * Whether an id is live; called under the lock.
   *
   * @param id the id
   * @return true if present
   */
  protected abstract boolean has(long id);

  /**
   * Adds an id that is not present, with its prepared vector; called under the write lock.
   *
   * @param id the id
   * @param vector the prepared vector (a copy the index may keep)
   */
  protected abstract void addNew(long id, float[] vector);

  /**
   * Removes an id if present; called under the write lock.
   *
   * @param id the id
   * @return true if it was present
   */
  protected abstract boolean removeId(long id);

  @Override
  public final boolean remove(long id) {
    checkOpen();
    lock.writeLock().lock();
    try {
      checkOpen();
      return removeId(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public int size() {
    return read(this::liveCount);
  }

  @Override
  public boolean contains(long id) {
    return read(() -> has(id));
  }

  @Override
  public final void add(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      if (has(id)) {
        throw alreadyPresent(id);
      }
      addNew(id, v);
    });
  }

  @Override
  public final String provider() {
    return name;
  }

  @Override
  public final int dimension() {
    return dimension;
  }

  @Override
  public final Metric metric() {
    return metric;
  }

  /** Fails with "index 'name' is closed" after {@link #close()}. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index '" + name + "' is closed");
    }
  }

  /**
   * Checks and prepares the vector of a single add or upsert.
   *
   * @param id the id, for the message
   * @param vector the vector
   * @return its prepared copy
   */
  protected final float[] prepareOne(long id, float[] vector) {
    checkOpen();
    String what = "vector for id " + id;
    return Vectors.prepare(what, VectorChecks.check(what, vector, dimension), metric);
  }

  /**
   * Checks and prepares the query of a search, and its effort.
   *
   * @param query the query
   * @param ef the search effort, 0 for the default
   * @return the prepared copy of the query
   */
  protected final float[] prepareQuery(float[] query, int ef) {
    checkOpen();
    float[] q = Vectors.prepare("query", VectorChecks.check("query", query, dimension), metric);
    VectorChecks.checkEf(ef);
    return q;
  }

  /**
   * Checks that this index offers a search mode.
   *
   * @param mode the mode asked for
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if not in {@link #searchModes()}, naming those that are
   */
  protected final void checkMode(SearchMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (!searchModes().contains(mode)) {
      throw new IllegalArgumentException("The " + name + " index does not offer search mode "
          + mode + "; it offers " + searchModes() + (mode.quantized()
              ? " (the int8 modes need an index built with Quantization.INT8)" : ""));
    }
  }

  /**
   * Checks a bulk add: an open index, equal lengths, distinct ids, good vectors.
   *
   * @param ids ids
   * @param vectors vectors
   * @return prepared copies of the vectors
   */
  protected final float[][] prepareAll(long[] ids, float[][] vectors) {
    checkOpen();
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.length != vectors.length) {
      throw new IllegalArgumentException(
          "ids and vectors must have the same length; ids.length=" + ids.length
              + ", vectors.length=" + vectors.length);
    }
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("id " + sorted[i] + " appears twice in addAll");
      }
    }
    float[][] out = new float[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      String what = "vectors[" + i + "] (id " + ids[i] + ")";
      out[i] = Vectors.prepare(what, VectorChecks.check(what, vectors[i], dimension), metric);
    }
    return out;
  }

  /**
   * Fails if any of the ids is present; called under the write lock.
   *
   * @param ids the ids of a bulk add
   * @throws IllegalArgumentException naming the first present id
   */
  protected final void checkAbsent(long[] ids) {
    for (long id : ids) {
      if (has(id)) {
        throw alreadyPresent(id);
      }
    }
  }

  /**
   * The error for adding an id that is already there.
   *
   * @param id the id
   * @return the error
   */
  protected static IllegalArgumentException alreadyPresent(long id) {
    return new IllegalArgumentException("id " + id + " is already in the index; use upsert");
  }

  /**
   * Runs {@code body} under the read lock of an open index.
   *
   * @param body what to run
   * @param <T> its result type
   * @return its result
   */
  protected final <T> T read(Supplier<T> body) {
    checkOpen();
    lock.readLock().lock();
    try {
      checkOpen(); // close() may have run while this thread waited for the lock
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code body} under the write lock of an open index.
   *
   * @param body what to run
   */
  protected final void write(Runnable body) {
    checkOpen();
    lock.writeLock().lock();
    try {
      checkOpen();
      body.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * No tombstones: removal frees an item at once (or the provider keeps its own count, as
   * {@code hnsw} does).
   *
   * @return 0
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public int tombstones() {
    checkOpen();
    return 0;
  }

  /**
   * Nothing to compact.
   *
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public void compact() {
    checkOpen();
  }
}
