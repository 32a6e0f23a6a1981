package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.hnsw.internal.Vectors;
import io.github.vectorrecall.spi.VectorChecks;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The skeleton of every provider's index: its settings, a read/write lock (searches read, changes
 * write), the closed flag, and the checks and messages of single-vector changes.
 */
abstract class AbstractLockedIndex implements AnnIndex {
  protected final String name;
  protected final IndexConfig config;
  protected final int dimension;
  protected final Metric metric;
  /** Fair, so that searches queued behind a change run before the next change takes it. */
  protected final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  protected volatile boolean closed;

  AbstractLockedIndex(String name, IndexConfig config) {
    this.name = name;
    this.config = config;
    this.dimension = config.dimension();
    this.metric = config.metric();
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

  /** Checks and prepares the vector of a single add or upsert. */
  protected final float[] prepareOne(long id, float[] vector) {
    checkOpen();
    String what = "vector for id " + id;
    return Vectors.prepare(what, VectorChecks.check(what, vector, dimension), metric);
  }

  /** The error for adding an id that is already there. */
  protected static IllegalArgumentException alreadyPresent(long id) {
    return new IllegalArgumentException("id " + id + " is already in the index; use upsert");
  }

  /** Runs {@code body} under the read lock of an open index. */
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

  /** Runs {@code body} under the write lock of an open index. */
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
