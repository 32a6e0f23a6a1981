package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.AnnIndexContractTest;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HnswAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "hnsw";
  }

  @Test
  void ramBytesUsed_coversVectorsAndGraph() {
    int n = 2000;
    int dim = 32;
    float[][] v = randomUnitVectors(new Random(1), n, dim);
    try (AnnIndex index = AnnIndex.create("hnsw", IndexConfig.builder(dim).m(16).build())) {
      index.addAll(sequentialIds(n), v);
      long perItem = index.ramBytesUsed() / n;
      // at least the vector (128 B) and the level-0 list (33 ints); at most a few times that
      assertTrue(perItem >= 4 * dim + 4 * 33, "bytes per item " + perItem);
      assertTrue(perItem <= 4 * (4 * dim + 4 * 33) + 200, "bytes per item " + perItem);
    }
  }

  /**
   * The id map is counted exactly (its two arrays) and takes about 17 bytes per item at the
   * expected size, where the boxed map before it took 72; removals leave it as it is until a
   * compaction makes a new one sized to the live items, as a load does.
   */
  @Test
  void ramBytesUsed_countsTheIdMapExactly() throws Exception {
    int n = 3000;
    float[][] v = randomUnitVectors(new Random(SEED + 20), n, 8);
    try (HnswAnnIndex index = (HnswAnnIndex) AnnIndex.create("hnsw",
        IndexConfig.builder(8).m(8).expectedSize(n).build())) {
      long[] ids = sequentialIds(n);
      index.addAll(ids, v);
      long map = index.ramBytesUsed() - index.graph.ramBytesUsed();
      assertEquals(12L * index.ordinals.capacity() + 32, map);
      assertTrue(map / (double) n < 17.2, "id map bytes per item " + map / (double) n);
      for (int i = 0; i < n / 2; i++) {
        assertTrue(index.remove(ids[i]), "id " + ids[i]);
      }
      assertEquals(map, index.ramBytesUsed() - index.graph.ramBytesUsed(), "after removals");
      index.compact();
      long compacted = index.ramBytesUsed() - index.graph.ramBytesUsed();
      assertTrue(compacted / (n / 2.0) < 17.2, "id map bytes per item after compaction "
          + compacted / (n / 2.0));
      Path file = Files.createTempFile("ram", ".hnsw");
      try {
        index.save(file);
        try (HnswAnnIndex loaded = (HnswAnnIndex) AnnIndex.load(file)) {
          assertEquals(compacted, loaded.ramBytesUsed() - loaded.graph.ramBytesUsed());
          assertTrue(loaded.contains(ids[n - 1]) && !loaded.contains(ids[0]));
        }
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void search_whileAWriterHoldsTheWriteLock_doesNotWait() throws Exception {
    int n = 500;
    float[][] v = randomUnitVectors(new Random(SEED + 14), n, 8);
    long[] ids = sequentialIds(n);
    try (HnswAnnIndex index = (HnswAnnIndex) AnnIndex.create("hnsw",
        IndexConfig.builder(8).build())) {
      index.addAll(ids, v);
      AtomicReference<TopK> found = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      index.lock.writeLock().lock(); // as a change in progress would
      try {
        Thread searcher = new Thread(() -> {
          try {
            if (index.size() == n && index.contains(ids[7])) {
              found.set(index.search(v[7], 5));
            }
          } catch (Throwable t) {
            failure.set(t);
          }
        });
        searcher.start();
        searcher.join(10_000);
        assertFalse(searcher.isAlive(), "the search waited for the write lock");
      } finally {
        index.lock.writeLock().unlock();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      assertTrue(found.get() != null, "size() or contains() was wrong while the lock was held");
      assertEquals(ids[7], found.get().id(0));
      assertEquals(5, found.get().size());
    }
  }

  @Test
  void compact_dropsTombstones_keepsChangesMadeMeanwhile_whileSearchesRun() throws Exception {
    int n = 3000;
    int dim = 16;
    Random rnd = new Random(SEED + 9);
    float[][] v = randomUnitVectors(rnd, n, dim);
    long[] ids = sequentialIds(n);
    // just under the share that starts a background compaction
    int first = (int) (HnswCompactor.COMPACT_SHARE * n) - 10;
    Set<Long> removed = new HashSet<>();
    // changes between the compaction's snapshot and its swap: an upsert moves an id, an
    // addition, more removals; they must be replayed onto the new graph (first compaction only)
    AtomicBoolean armed = new AtomicBoolean();
    Consumer<HnswAnnIndex> afterSnapshot = index -> {
      if (armed.getAndSet(false)) {
        index.upsert(ids[first], v[n - 1]);
        index.add(-5L, v[first + 1]);
        for (int i = first + 2; i < first + 12; i++) {
          index.remove(ids[i]);
          removed.add(ids[i]);
        }
      }
    };
    try (HnswAnnIndex index = new HnswAnnIndex(IndexConfig.builder(dim).m(16).build(),
        afterSnapshot)) {
      index.addAll(ids, v);
      for (int i = 0; i < first; i++) {
        assertTrue(index.remove(ids[i]));
        removed.add(ids[i]);
      }
      assertEquals(first, index.tombstones());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Set<Long> removedSnapshot = Set.copyOf(removed);
      Thread searcher = new Thread(() -> {
        try {
          for (int q = 0; !stop.get(); q++) {
            TopK top = index.search(v[q % n], 50, null, 100);
            for (int i = 0; i < top.size(); i++) {
              if (removedSnapshot.contains(top.id(i))) {
                throw new AssertionError("removed id " + top.id(i) + " returned");
              }
            }
            if (top.size() != 50) {
              throw new AssertionError(top.size() + " results");
            }
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      searcher.start();
      armed.set(true);
      Thread compactor = new Thread(index::compact);
      compactor.start();
      compactor.join();
      assertFalse(armed.get(), "the compaction did not reach its snapshot hook");
      index.compact(); // whatever the replay left behind
      stop.set(true);
      searcher.join();
      if (failure.get() != null) {
        throw new AssertionError("search during compaction failed", failure.get());
      }
      assertEquals(0, index.tombstones());
      assertEquals(n - removed.size() + 1, index.size());
      assertTrue(index.contains(-5L));
      for (long id : removed) {
        assertFalse(index.contains(id), "removed id " + id + " is back");
      }
      TopK moved = index.search(v[n - 1], 2, null, 100);
      assertTrue(moved.contains(ids[first]) && moved.contains(ids[n - 1]), moved.toString());
      // the rebuilt graph finds the same neighbours as brute force over the same content
      try (AnnIndex exact = AnnIndex.create("exact", IndexConfig.builder(dim).build())) {
        for (int i = 0; i < n; i++) {
          if (!removed.contains(ids[i]) && i != first) {
            exact.add(ids[i], v[i]);
          }
        }
        exact.add(ids[first], v[n - 1]);
        exact.add(-5L, v[first + 1]);
        assertEquals(exact.size(), index.size());
        double hits = 0;
        int queries = 200;
        for (int q = 0; q < queries; q++) {
          float[] query = randomUnitVectors(rnd, 1, dim)[0];
          TopK top = index.search(query, 10, null, 100);
          TopK truth = exact.search(query, 10);
          for (int i = 0; i < truth.size(); i++) {
            hits += top.contains(truth.id(i)) ? 1 : 0;
          }
        }
        assertTrue(hits / (10.0 * queries) >= 0.95, "recall@10 after compaction "
            + hits / (10.0 * queries));
      }
    }
  }

  @Test
  void close_stopsACompactionInProgress() {
    int n = 3000;
    float[][] v = randomUnitVectors(new Random(SEED + 13), n, 16);
    // Closed after the snapshot, before the new graph is built: the build must stop rather
    // than rebuild the whole graph for an index nobody can use.
    HnswAnnIndex index = new HnswAnnIndex(IndexConfig.builder(16).build(), HnswAnnIndex::close);
    long[] ids = sequentialIds(n);
    index.addAll(ids, v);
    for (int i = 0; i < n / 6; i++) {
      assertTrue(index.remove(ids[i])); // under the share that starts a background compaction
    }
    IllegalStateException e = assertThrows(
        IllegalStateException.class, index::compact);
    assertEquals("index 'hnsw' is closed", e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> index.search(v[0], 1));
  }

  @Test
  void removals_pastTheShare_compactInTheBackground() throws Exception {
    int n = 2000;
    float[][] v = randomUnitVectors(new Random(SEED + 10), n, 8);
    long[] ids = sequentialIds(n);
    try (HnswAnnIndex index = (HnswAnnIndex) AnnIndex.create("hnsw",
        IndexConfig.builder(8).metric(Metric.INNER_PRODUCT).build())) {
      index.addAll(ids, v);
      for (int i = 0; i < n / 2; i++) {
        index.remove(ids[i]);
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (index.tombstones() > n / 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(index.tombstones() <= n / 4, index.tombstones() + " tombstones left");
      assertEquals(n / 2, index.size());
    }
  }

  @Test
  void largeAddAll_letsSearchesRunBetweenChunks() throws Exception {
    int dim = 32;
    float[][] first = randomUnitVectors(new Random(SEED + 11), 2000, dim);
    // Enough items for the add to take many chunks of about ADD_HOLD_NANOS each.
    int n = 8000;
    float[][] more = randomUnitVectors(new Random(SEED + 12), n, dim);
    long[] moreIds = new long[n];
    for (int i = 0; i < n; i++) {
      moreIds[i] = 1_000_000L + i;
    }
    try (AnnIndex index = AnnIndex.create("hnsw", IndexConfig.builder(dim).build())) {
      index.addAll(sequentialIds(2000), first);
      AtomicBoolean adding = new AtomicBoolean(true);
      AtomicInteger duringAdd = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread searcher = new Thread(() -> {
        try {
          for (int q = 0; adding.get(); q++) {
            TopK top = index.search(first[q % first.length], 10, null, 50);
            if (top.size() != 10) {
              throw new AssertionError(top.size() + " results");
            }
            int size = index.size();
            if (size > 2000 && size < 2000 + n) {
              duringAdd.incrementAndGet(); // ran between two chunks of the add
            }
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      searcher.start();
      Thread.sleep(50);
      index.addAll(moreIds, more);
      adding.set(false);
      searcher.join();
      if (failure.get() != null) {
        throw new AssertionError("search during addAll failed", failure.get());
      }
      assertEquals(2000 + n, index.size());
      assertTrue(duringAdd.get() >= 2, "searches that ran between chunks: " + duringAdd.get());
      assertEquals(moreIds[n - 1], index.search(more[n - 1], 1, null, 100).ids()[0]);
    }
  }
}
