package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.hnsw.internal.ChangeJournal;
import io.github.vectorrecall.hnsw.internal.HnswGraph;
import io.github.vectorrecall.hnsw.internal.Threads;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of an {@link HnswAnnIndex}: decides when its tombstones call for it, rebuilds the
 * graph from a snapshot of the live items on a background thread while searches and changes go
 * on, journals the changes made meanwhile, replays them onto the new graph and swaps it in under
 * the write lock. Closing the index stops a compaction's build.
 */
final class HnswCompactor {
  /**
   * Share of removed nodes (tombstones) above which a removal or upsert starts a compaction in
   * the background, once the graph has at least {@value #COMPACT_MIN_NODES} nodes.
   */
  static final double COMPACT_SHARE = 0.25;
  static final int COMPACT_MIN_NODES = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(HnswAnnIndex.class);

  private final HnswAnnIndex index;
  /** Runs between a compaction's snapshot and its build, or null. */
  private final Consumer<HnswAnnIndex> afterSnapshot;
  /** Held for the whole of a compaction: one at a time. */
  private final ReentrantLock running = new ReentrantLock();
  /** Set while a background compaction is scheduled and not yet started. */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Compactions that swapped their graph in. */
  private final AtomicLong completed = new AtomicLong();
  /** The index a compaction is building, so that {@link #cancel()} can stop it; null otherwise. */
  private volatile HnswAnnIndex rebuilding;
  /** Tombstones when a compaction last failed: the background retries once they double. */
  private int failedAtTombstones;
  /** Changes made while a compaction builds its graph; null otherwise. Guarded by the lock. */
  private ChangeJournal journal;

  HnswCompactor(HnswAnnIndex index, Consumer<HnswAnnIndex> afterSnapshot) {
    this.index = index;
    this.afterSnapshot = afterSnapshot;
  }

  /**
   * Whether a graph's tombstones call for a compaction: more than {@link #COMPACT_SHARE} of at
   * least {@link #COMPACT_MIN_NODES} nodes, and more than twice as many as when the last one
   * failed.
   */
  static boolean needed(int count, int live, int failedAtTombstones) {
    int tombstones = count - live;
    return count >= COMPACT_MIN_NODES && tombstones > COMPACT_SHARE * count
        && tombstones > 2L * failedAtTombstones;
  }

  /** Compactions that swapped their graph in since the index was made or loaded. */
  long completed() {
    return completed.get();
  }

  /** Notes a change for a running compaction (vector null: a removal); under the write lock. */
  void record(long id, float[] vector) {
    if (journal != null) {
      if (vector == null) {
        journal.removed(id);
      } else {
        journal.upserted(id, vector);
      }
    }
  }

  /** Starts a background compaction when the tombstones call for it; under the write lock. */
  void maybeStart() {
    HnswGraph g = index.graph;
    if (needed(g.count(), g.live(), failedAtTombstones) && !running.isLocked()
        && scheduled.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          compact(true);
        } catch (RuntimeException | OutOfMemoryError e) {
          if (!index.closed) {
            LOG.warn("Background compaction of the hnsw graph failed; it is tried again once"
                + " the tombstones have doubled", e);
          }
        }
      }, "hnsw-compact");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Stops a compaction's build at its next node: the index has closed. */
  void cancel() {
    HnswAnnIndex building = rebuilding;
    if (building != null) {
      building.cancelBuild();
    }
  }

  /** See {@link HnswAnnIndex#compact()}; {@code onlyIfNeeded} for the background one. */
  void compact(boolean onlyIfNeeded) {
    index.checkOpen();
    running.lock();
    scheduled.set(false);
    try {
      if (onlyIfNeeded && index.read(() -> index.graph.tombstones()
          <= COMPACT_SHARE * index.graph.count())) {
        return; // a compaction that ran while this one waited did the work
      }
      long[] liveIds;
      float[][] vectors;
      int tombstones;
      index.lock.writeLock().lock();
      try {
        index.checkOpen();
        HnswGraph g = index.graph;
        tombstones = g.tombstones();
        liveIds = new long[g.live()];
        vectors = new float[g.live()][];
        int n = 0;
        for (int node = 0; node < g.count(); node++) {
          if (!g.isDeleted(node)) {
            liveIds[n] = g.id(node);
            vectors[n++] = g.vector(node);
          }
        }
        journal = new ChangeJournal();
      } finally {
        index.lock.writeLock().unlock();
      }
      long start = System.nanoTime();
      HnswAnnIndex fresh = build(liveIds, vectors, tombstones);
      boolean swapped = false;
      index.lock.writeLock().lock();
      try {
        if (index.closed) {
          return;
        }
        journal.replay(new ChangeJournal.Target() {
          @Override
          public void remove(long id) {
            fresh.removeNode(id);
          }

          @Override
          public void upsert(long id, float[] vector) {
            fresh.upsertNode(id, vector);
          }
        });
        LOG.info("Compacted the hnsw graph: {} tombstones dropped, {} live items, {} changes"
            + " replayed, {} s", tombstones, fresh.graph.live(), journal.size(),
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        index.swap(fresh);
        swapped = true;
        completed.incrementAndGet();
      } finally {
        if (!swapped) {
          fresh.discard(); // its mapped file, if any, goes with it
        }
        journal = null;
        index.lock.writeLock().unlock();
      }
    } finally {
      running.unlock();
    }
  }

  /** Builds the new graph from the snapshot, outside the lock. */
  private HnswAnnIndex build(long[] liveIds, float[][] vectors, int tombstones) {
    HnswAnnIndex fresh = null;
    try {
      fresh = new HnswAnnIndex(
          index.config.toBuilder().expectedSize(Math.max(16, liveIds.length)).build());
      rebuilding = fresh;
      if (index.closed) {
        fresh.cancelBuild(); // closed before close() could see the build
      }
      if (afterSnapshot != null) {
        afterSnapshot.accept(index);
      }
      fresh.insert(liveIds, vectors, null, Threads.build(index.config), null);
      return fresh;
    } catch (RuntimeException | Error e) {
      // The old graph stays; stop journaling changes for a swap that will not happen.
      index.lock.writeLock().lock();
      try {
        journal = null;
        failedAtTombstones = tombstones;
      } finally {
        index.lock.writeLock().unlock();
      }
      if (fresh != null) {
        fresh.discard();
      }
      throw e;
    } finally {
      rebuilding = null;
    }
  }
}
