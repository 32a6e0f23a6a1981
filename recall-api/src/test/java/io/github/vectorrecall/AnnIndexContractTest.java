package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link AnnIndex} provider meets. A provider's test extends this class and
 * names the provider; every test uses a fixed seed, printed in failure messages. The tests of
 * faults (damaged headers, killed saves, overflowing vectors, growth under searches) are in
 * {@link AnnIndexReliabilityContractTest}, which this class extends.
 */
public abstract class AnnIndexContractTest extends AnnIndexReliabilityContractTest {
  /** Seed of every random input. */
  protected static final long SEED = 20261125L;

  @TempDir protected Path tmp;

  /**
   * The provider under test.
   *
   * @return its name
   */
  @Override
  protected abstract String provider();

  /**
   * The smallest recall@10 this provider must reach on 10,000 random unit vectors.
   *
   * @return 1.0 for exact providers
   */
  protected double minRecallAt10() {
    return 0.95;
  }

  protected AnnIndex newIndex(int dimension, Metric metric) {
    return AnnIndex.create(provider(), IndexConfig.builder(dimension).metric(metric).build());
  }

  protected static float[][] randomUnitVectors(Random rnd, int n, int dim) {
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        v[j] = (float) rnd.nextGaussian();
        norm += v[j] * v[j];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) {
        v[j] *= inv;
      }
    }
    return out;
  }

  /** Brute-force top-k ids, for ground truth independent of any provider. */
  protected static long[] bruteForce(
      float[][] data, long[] ids, float[] q, int k, Metric metric, IdFilter filter) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      if (filter == null || filter.accept(ids[i])) {
        rows.add(i);
      }
    }
    float[] scores = new float[data.length];
    for (int i : rows) {
      scores[i] = metric.score(q, data[i]);
    }
    rows.sort((a, b) -> Float.compare(scores[b], scores[a]));
    long[] out = new long[Math.min(k, rows.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids[rows.get(i)];
    }
    return out;
  }

  protected static long[] sequentialIds(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1000L + 7L * i;
    }
    return ids;
  }

  @Test
  public void search_recallAt10AgainstBruteForce() {
    Random rnd = new Random(SEED);
    int n = 10_000;
    int dim = 32;
    float[][] data = randomUnitVectors(rnd, n, dim);
    long[] ids = sequentialIds(n);
    float[][] queries = randomUnitVectors(rnd, 200, dim);
    try (AnnIndex index = newIndex(dim, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      assertEquals(n, index.size());
      double hits = 0;
      for (float[] q : queries) {
        long[] truth = bruteForce(data, ids, q, 10, Metric.INNER_PRODUCT, null);
        TopK got = index.search(q, 10);
        assertEquals(10, got.size());
        for (long t : truth) {
          hits += got.contains(t) ? 1 : 0;
        }
        for (int i = 1; i < got.size(); i++) {
          assertTrue(got.score(i - 1) >= got.score(i), "scores must be best first, seed " + SEED);
        }
      }
      double recall = hits / (queries.length * 10.0);
      assertTrue(recall >= minRecallAt10(),
          provider() + " recall@10=" + recall + " < " + minRecallAt10() + ", seed " + SEED);
    }
  }

  @Test
  public void search_scoresFollowMetric() {
    Random rnd = new Random(SEED + 1);
    for (Metric metric : Metric.values()) {
      float[][] data = new float[300][8];
      for (float[] v : data) {
        for (int j = 0; j < v.length; j++) {
          v[j] = (float) rnd.nextGaussian();
        }
      }
      long[] ids = sequentialIds(data.length);
      try (AnnIndex index = newIndex(8, metric)) {
        assertEquals(metric, index.metric());
        index.addAll(ids, data);
        float[] q = data[17].clone();
        TopK top = index.search(q, 5, null, 300);
        long[] truth = bruteForce(data, ids, q, 5, metric, null);
        int best = (int) ((truth[0] - 1000) / 7);
        assertEquals(truth[0], top.id(0), metric + ", seed " + SEED);
        assertEquals(metric.score(q, data[best]), top.score(0), 1e-4, metric + " score");
        assertArrayEquals(truth, top.ids(), metric + ", seed " + SEED);
      }
    }
  }

  @Test
  public void search_filterStillReturnsK() {
    Random rnd = new Random(SEED + 2);
    int n = 4000;
    float[][] data = randomUnitVectors(rnd, n, 16);
    long[] ids = sequentialIds(n);
    try (AnnIndex index = newIndex(16, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      for (int modulo : new int[] {2, 10, 100, 1000}) {
        IdFilter filter = id -> ((id - 1000) / 7) % modulo == 0;
        int passing = (n + modulo - 1) / modulo;
        int k = 50;
        float[] q = randomUnitVectors(rnd, 1, 16)[0];
        TopK top = index.search(q, k, filter, 100);
        assertEquals(Math.min(k, passing), top.size(), "filter 1/" + modulo + ", seed " + SEED);
        for (int i = 0; i < top.size(); i++) {
          assertTrue(filter.accept(top.id(i)), "id " + top.id(i) + " must pass the filter");
        }
        long[] truth = bruteForce(data, ids, q, k, Metric.INNER_PRODUCT, filter);
        int hits = 0;
        for (long t : truth) {
          hits += top.contains(t) ? 1 : 0;
        }
        assertTrue(hits >= 0.9 * truth.length,
            "filtered recall " + hits + "/" + truth.length + " for 1/" + modulo + ", seed " + SEED);
      }
      IdFilter none = id -> false;
      assertEquals(0, index.search(data[0], 10, none).size());
    }
  }

  @Test
  public void addUpsertRemove_changeResults() {
    Random rnd = new Random(SEED + 3);
    float[][] data = randomUnitVectors(rnd, 200, 8);
    long[] ids = sequentialIds(200);
    try (AnnIndex index = newIndex(8, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      IllegalArgumentException dup =
          assertThrows(IllegalArgumentException.class, () -> index.add(ids[3], data[3]));
      assertTrue(dup.getMessage().contains("id " + ids[3] + " is already in the index"),
          dup.getMessage());
      assertTrue(index.remove(ids[5]));
      assertFalse(index.remove(ids[5]));
      assertFalse(index.contains(ids[5]));
      assertEquals(199, index.size());
      TopK top = index.search(data[5], 199, null, 400);
      assertFalse(top.contains(ids[5]), "removed id must not be returned");
      float[] moved = data[9].clone();
      index.upsert(ids[9], data[77]);
      TopK near77 = index.search(data[77], 2, null, 400);
      assertTrue(near77.contains(ids[9]) && near77.contains(ids[77]), near77.toString());
      index.upsert(-1L, moved);
      assertTrue(index.contains(-1L));
      assertEquals(200, index.size());
    }
  }

  @Test
  public void removedIds_comeBackThroughAddAndAddAll_andSurviveSaveLoad() {
    Random rnd = new Random(SEED + 4);
    float[][] data = randomUnitVectors(rnd, 300, 8);
    long[] ids = sequentialIds(300);
    Path file = tmp.resolve("removed.idx");
    try (AnnIndex index = newIndex(8, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      for (int i = 0; i < 30; i++) {
        assertTrue(index.remove(ids[i]));
      }
      index.add(ids[0], data[0]);
      index.addAll(new long[] {ids[1], ids[2]}, new float[][] {data[2], data[1]});
      assertEquals(273, index.size());
      assertEquals(ids[0], index.search(data[0], 1, null, 300).ids()[0]);
      assertEquals(ids[2], index.search(data[1], 1, null, 300).ids()[0], "addAll of a removed"
          + " id must store the new vector");
      index.save(file);
    }
    try (AnnIndex loaded = AnnIndex.load(file)) {
      assertEquals(273, loaded.size());
      assertFalse(loaded.contains(ids[5]));
      TopK all = loaded.search(data[5], 273, null, 400);
      assertEquals(273, all.size());
      for (int i = 3; i < 30; i++) {
        assertFalse(all.contains(ids[i]), "removed id " + ids[i] + " came back after load");
      }
      loaded.upsert(ids[5], data[5]);
      assertEquals(ids[5], loaded.search(data[5], 1, null, 300).ids()[0]);
    }
  }

  @Test
  public void badInput_rejectedWithTheValue() {
    try (AnnIndex index = newIndex(4, Metric.INNER_PRODUCT)) {
      index.add(1, new float[] {1, 0, 0, 0});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.add(2, new float[] {1, 0, 0}));
      assertEquals("vector for id 2 has dimension 3 but the index has dimension 4", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[5], 1));
      assertEquals("query has dimension 5 but the index has dimension 4", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> index.add(3, new float[] {0, Float.NaN, 0, 0}));
      assertEquals("vector for id 3 has a non-finite component: vector for id 3[1]=NaN",
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> index.search(new float[] {0, 0, Float.POSITIVE_INFINITY, 0}, 1));
      assertEquals("query has a non-finite component: query[2]=Infinity", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 0));
      assertEquals("k must be positive; k=0", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], -3));
      assertEquals("k must be positive; k=-3", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 2));
      assertEquals("k=2 is larger than the index, which holds 1 items", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> index.addAll(new long[] {5, 5}, new float[2][4]));
      assertEquals("id 5 appears twice in addAll", e.getMessage());
      assertEquals(1, index.size(), "failed adds must leave the index unchanged");
    }
  }

  @Test
  public void unknownProvider_listsAvailable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnnIndex.create("no-such-index", IndexConfig.builder(4).build()));
    assertTrue(e.getMessage().startsWith("No AnnIndexProvider named 'no-such-index'. Available: ["),
        e.getMessage());
    assertTrue(e.getMessage().contains(provider()), e.getMessage());
    assertTrue(e.getMessage().contains("merge META-INF/services"), e.getMessage());
  }

  @Test
  public void compact_keepsTheLiveItems_leavesNoTombstones() {
    int n = 300;
    int dim = 8;
    float[][] v = randomUnitVectors(new Random(SEED + 30), n, dim);
    long[] ids = sequentialIds(n);
    try (AnnIndex index = newIndex(dim, Metric.INNER_PRODUCT)) {
      index.addAll(ids, v);
      for (int i = 0; i < n; i += 3) {
        assertTrue(index.remove(ids[i]), "seed " + SEED);
      }
      int removed = (n + 2) / 3;
      assertTrue(index.tombstones() >= 0 && index.tombstones() <= removed,
          index.tombstones() + " tombstones after " + removed + " removals");
      index.compact();
      assertEquals(0, index.tombstones());
      assertEquals(n - removed, index.size());
      for (int i = 0; i < n; i++) {
        assertEquals(i % 3 != 0, index.contains(ids[i]), "id " + ids[i] + ", seed " + SEED);
      }
      TopK top = index.search(v[1], 10);
      assertEquals(ids[1], top.id(0), "seed " + SEED);
      for (int i = 0; i < top.size(); i++) {
        assertTrue((top.id(i) - 1000L) / 7 % 3 != 0, "removed id " + top.id(i) + " returned");
      }
    }
    AnnIndex closed = newIndex(dim, Metric.INNER_PRODUCT);
    closed.close();
    assertThrows(IllegalStateException.class, closed::compact);
    assertThrows(IllegalStateException.class, closed::tombstones);
  }

  @Test
  public void useAfterClose_throws() {
    AnnIndex index = newIndex(4, Metric.INNER_PRODUCT);
    index.add(1, new float[] {1, 0, 0, 0});
    index.close();
    index.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> index.search(new float[4], 1));
    assertEquals("index '" + provider() + "' is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> index.add(2, new float[4]));
    assertThrows(IllegalStateException.class, () -> index.size());
  }

  @Test
  public void saveLoad_roundTripAndCorruption() throws IOException {
    Random rnd = new Random(SEED + 4);
    float[][] data = randomUnitVectors(rnd, 500, 12);
    long[] ids = sequentialIds(500);
    Path file = tmp.resolve("index.vri");
    float[] q = randomUnitVectors(rnd, 1, 12)[0];
    TopK before;
    try (AnnIndex index = newIndex(12, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      index.remove(ids[0]);
      before = index.search(q, 10, null, 500);
      index.save(file);
    }
    try (AnnIndex loaded = AnnIndex.load(file)) {
      assertEquals(provider(), loaded.provider());
      assertEquals(499, loaded.size());
      assertEquals(12, loaded.dimension());
      assertArrayEquals(before.ids(), loaded.search(q, 10, null, 500).ids());
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    Path corrupt = tmp.resolve("corrupt.vri");
    Files.write(corrupt, flipped);
    CorruptFileException c = assertThrows(CorruptFileException.class, () -> AnnIndex.load(corrupt));
    assertTrue(c.getMessage().startsWith("checksum mismatch"), c.getMessage());
    Path truncated = tmp.resolve("truncated.vri");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
    c = assertThrows(CorruptFileException.class, () -> AnnIndex.load(truncated));
    assertTrue(c.getMessage().contains("truncated"), c.getMessage());
    Path notIndex = tmp.resolve("other.bin");
    Files.write(notIndex, "hello world, not an index".getBytes());
    c = assertThrows(CorruptFileException.class, () -> AnnIndex.load(notIndex));
    assertTrue(c.getMessage().startsWith("not a VectorRecall file"), c.getMessage());
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  @Test
  public void concurrentSearchWhileRemoving_neverReturnsRemoved() throws Exception {
    Random rnd = new Random(SEED + 5);
    int n = 2000;
    float[][] data = randomUnitVectors(rnd, n, 16);
    long[] ids = sequentialIds(n);
    float[][] queries = randomUnitVectors(rnd, 50, 16);
    try (AnnIndex index = newIndex(16, Metric.INNER_PRODUCT)) {
      index.addAll(ids, data);
      AtomicInteger removedUpTo = new AtomicInteger(-1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        for (int i = 0; i < n / 2; i++) {
          index.remove(ids[2 * i]);
          removedUpTo.set(i);
        }
      });
      Runnable reader = () -> {
        try {
          Random r = new Random(SEED);
          while (removedUpTo.get() < n / 2 - 1) {
            int doneBefore = removedUpTo.get();
            TopK top = index.search(queries[r.nextInt(queries.length)], 20, null, 50);
            for (int i = 0; i < top.size(); i++) {
              int row = (int) ((top.id(i) - 1000) / 7);
              if (row % 2 == 0 && row / 2 <= doneBefore) {
                throw new AssertionError("removed id " + top.id(i) + " returned, seed " + SEED);
              }
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      };
      Thread r1 = new Thread(reader);
      Thread r2 = new Thread(reader);
      r1.start();
      r2.start();
      writer.start();
      writer.join();
      r1.join();
      r2.join();
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      assertEquals(n / 2, index.size());
    }
  }
}
