package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.RecallException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * Links appended nodes on several threads with an {@link HnswGraphBuilder}, and splits a large
 * bulk add into chunks that each hold the index's write lock about {@value #ADD_HOLD_NANOS} ns,
 * so that other changes (and the calls that take the read lock: save, memory use) run between
 * chunks; searches do not wait for it at all. A build can be cancelled (when the index it is for
 * closes): it stops at its next node.
 */
public final class ConcurrentHnswBuilder {
  /**
   * Items a large bulk add inserts in its first hold of the write lock; later chunks are sized
   * so that each holds the lock about {@link #ADD_HOLD_NANOS}. Changes and read-locked calls
   * waiting for the lock run between chunks (the lock is fair), so they wait for one chunk at
   * most.
   */
  public static final int ADD_CHUNK = 64;
  /** How long one chunk of a large bulk add should hold the write lock: 10 ms. */
  public static final long ADD_HOLD_NANOS = 10_000_000L;
  private static final int MAX_ADD_CHUNK = 4096;
  /** Below this many nodes a batch is linked on the calling thread. */
  private static final int MIN_PARALLEL = 2_000;
  /** Builds of at least this many items log their progress. */
  public static final int LOGGED_BUILD = 10_000;

  private final String name;
  private volatile boolean cancelled;

  /** One chunk of a bulk add, run under the write lock. */
  @FunctionalInterface
  public interface Chunk {
    /**
     * Adds items {@code [from, to)}.
     *
     * @param from first item
     * @param to end of the items (exclusive)
     */
    void add(int from, int to);
  }

  /**
   * Creates a build that is not cancelled.
   *
   * @param name the index's provider name, for the message of a cancelled build
   */
  public ConcurrentHnswBuilder(String name) {
    this.name = name;
  }

  /** Stops the build at its next node: its index has closed. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Fails once the build is cancelled.
   *
   * @throws IllegalStateException "index 'name' is closed" once cancelled
   */
  public void checkNotCancelled() {
    if (cancelled) {
      throw new IllegalStateException("index '" + name + "' is closed");
    }
  }

  /**
   * A pool of build threads, or null for one thread.
   *
   * @param threads threads
   * @return the pool (the caller shuts it down), or null
   */
  public static ExecutorService pool(int threads) {
    if (threads <= 1) {
      return null;
    }
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hnsw-build");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs a bulk add of {@code total} items in chunks, each under {@code lock}: {@value
   * #ADD_CHUNK} items first, then as many as held the lock about {@value #ADD_HOLD_NANOS} ns the
   * last time.
   *
   * @param total items
   * @param lock the index's write lock
   * @param chunk adds one chunk
   */
  public static void inChunks(int total, Lock lock, Chunk chunk) {
    int size = ADD_CHUNK;
    for (int from = 0, to; from < total; from = to) {
      to = Math.min(total, from + size);
      lock.lock();
      try {
        long start = System.nanoTime();
        chunk.add(from, to);
        size = nextChunk(to - from, System.nanoTime() - start);
      } finally {
        lock.unlock();
      }
    }
  }

  /** The size of the next chunk after {@code done} items took {@code nanos}. */
  static int nextChunk(int done, long nanos) {
    return (int) Math.max(16, Math.min(MAX_ADD_CHUNK,
        ADD_HOLD_NANOS * done / Math.max(1, nanos)));
  }

  /**
   * Links nodes {@code [first, end)}: on the pool's threads when there is one; otherwise on a
   * pool of its own for large batches, or on the calling thread.
   *
   * @param builder the builder of the graph
   * @param first first node
   * @param end end of the nodes (exclusive)
   * @param pool the caller's pool, or null
   * @param threads threads to use
   * @param progress the progress of the whole add, or null for this batch's own
   */
  public void link(HnswGraphBuilder builder, int first, int end, ExecutorService pool,
      int threads, BuildProgress progress) {
    BuildProgress p = progress != null ? progress
        : new BuildProgress("hnsw build", end - first, LOGGED_BUILD);
    if (pool != null) {
      parallel(builder, first, end, pool, threads, p);
    } else if (threads <= 1 || end - first < MIN_PARALLEL) {
      for (int node = first; node < end; node++) {
        checkNotCancelled();
        builder.insert(node);
        p.step();
      }
    } else {
      ExecutorService own = pool(threads);
      try {
        parallel(builder, first, end, own, threads, p);
      } finally {
        own.shutdownNow();
      }
    }
  }

  /**
   * Links nodes across the pool's threads. If one task fails, or the caller is interrupted, the
   * others stop at their next node and are waited for, so that no build thread still writes to
   * the graph once the caller lets go of the write lock.
   */
  private void parallel(HnswGraphBuilder builder, int first, int end, ExecutorService pool,
      int threads, BuildProgress progress) {
    AtomicInteger next = new AtomicInteger(first);
    AtomicBoolean abort = new AtomicBoolean();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        for (int node = next.getAndIncrement(); node < end && !abort.get();
            node = next.getAndIncrement()) {
          checkNotCancelled();
          builder.insert(node);
          progress.step();
        }
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      abort.set(true);
      Futures.awaitQuietly(futures);
      Thread.currentThread().interrupt();
      throw new RecallException("interrupted while building the index", e);
    } catch (ExecutionException e) {
      abort.set(true);
      Futures.awaitQuietly(futures);
      checkNotCancelled();
      throw new RecallException("building the index failed: " + e.getCause(), e.getCause());
    }
  }
}
