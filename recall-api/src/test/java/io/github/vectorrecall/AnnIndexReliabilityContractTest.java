package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.spi.VectorChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of the {@link AnnIndexContractTest} about faults an outside test found: damaged
 * headers, temporaries of killed saves, failed saves, empty indexes, vectors whose scores would
 * overflow, growth past the configured size while searches run, and graphs that return short
 * results. {@link AnnIndexContractTest} extends it, so every provider runs it; every random input
 * has a fixed seed, printed in failure messages.
 */
public abstract class AnnIndexReliabilityContractTest {
  private static final long SEED = 20261130L;

  @TempDir protected Path dir;

  /**
   * The provider under test.
   *
   * @return its name
   */
  protected abstract String provider();

  private AnnIndex create(int dimension, Metric metric, int expectedSize) {
    return AnnIndex.create(provider(),
        IndexConfig.builder(dimension).metric(metric).expectedSize(expectedSize).build());
  }

  private static float[] gaussian(Random rnd, int dimension) {
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      v[j] = (float) rnd.nextGaussian();
    }
    return v;
  }

  private Path savedIndex(String name) {
    Path file = dir.resolve(name);
    Random rnd = new Random(SEED);
    try (AnnIndex index = create(4, Metric.INNER_PRODUCT, 16)) {
      for (int i = 0; i < 20; i++) {
        index.add(i, gaussian(rnd, 4));
      }
      index.save(file);
    }
    return file;
  }

  /** What a message says apart from the file it names. */
  private static String reason(CorruptFileException e, Path file) {
    return e.getMessage().replace(" (file: " + file + ")", "");
  }

  @Test
  public void load_everyHeaderByteFlipped_corruptFileWithAShortPrintableMessage()
      throws IOException {
    Path file = savedIndex("index.bin");
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = 4 + 2 + (((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff)) + 4;
    Path damaged = dir.resolve("damaged.bin");
    for (int at = 0; at < headerLength; at++) {
      for (int mask : new int[] {0x01, 0x02, 0x10, 0x80}) {
        byte[] flipped = bytes.clone();
        flipped[at] ^= (byte) mask;
        Files.write(damaged, flipped);
        String what = "byte " + at + " ^ 0x" + Integer.toHexString(mask);
        CorruptFileException e = assertThrows(CorruptFileException.class,
            () -> AnnIndex.load(damaged), what);
        String reason = reason(e, damaged);
        assertTrue(reason.length() <= 100, what + ": " + reason);
        assertTrue(reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f), what + ": " + reason);
      }
    }
  }

  @Test
  public void load_flippedProviderName_checksumMismatchNotUnknownProvider() throws IOException {
    Path file = savedIndex("index.bin");
    byte[] bytes = Files.readAllBytes(file);
    int nameEnd = 4 + 2 + (((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff));
    bytes[nameEnd - 1] ^= 0x03; // 'hnsw' becomes 'hnst', 'voyager' 'voyageq'
    Files.write(file, bytes);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertTrue(reason(e, file).startsWith("checksum mismatch: stored "), e.getMessage());
    // a length byte that takes the name into the body
    bytes[nameEnd - 1] ^= 0x03;
    bytes[5] ^= (byte) 0x80;
    Files.write(file, bytes);
    e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertTrue(reason(e, file).startsWith("checksum mismatch: stored "), e.getMessage());
  }

  @Test
  public void saveAndLoad_removeTheStaleTemporariesOfAKilledSave() throws IOException {
    Path file = dir.resolve("index.bin");
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    // what a save killed before its rename leaves, an hour ago
    Path killed = Files.write(dir.resolve("index.bin.4411223344556677.tmp"), new byte[4096]);
    Files.setLastModifiedTime(killed, hourAgo);
    // a save that another process is writing right now: kept
    Path running = Files.write(dir.resolve("index.bin.8899.tmp"), new byte[16]);
    // other names: another file's temporary, and a user's file; kept
    Path otherFile = Files.write(dir.resolve("other.bin.1234.tmp"), new byte[16]);
    Path notOurs = Files.write(dir.resolve("index.bin.backup.tmp"), new byte[16]);
    Files.setLastModifiedTime(otherFile, hourAgo);
    Files.setLastModifiedTime(notOurs, hourAgo);
    try (AnnIndex index = create(4, Metric.INNER_PRODUCT, 16)) {
      index.add(1, new float[] {1, 0, 0, 0});
      index.save(file);
    }
    assertFalse(Files.exists(killed), "the killed save's temporary must be removed by a save");
    assertTrue(Files.exists(running), "a temporary written right now must stay");
    assertTrue(Files.exists(otherFile) && Files.exists(notOurs), "other names must stay");

    Path killedAgain = Files.write(dir.resolve("index.bin.99.tmp"), new byte[4096]);
    Files.setLastModifiedTime(killedAgain, hourAgo);
    try (AnnIndex loaded = AnnIndex.load(file)) {
      assertEquals(1, loaded.size());
    }
    assertFalse(Files.exists(killedAgain), "the killed save's temporary must be removed by a load");
    assertTrue(Files.exists(running), "a temporary written right now must stay");
  }

  @Test
  public void save_intoAMissingDirectory_recallIOExceptionWithItsCause() {
    Path file = dir.resolve("no-such-directory").resolve("index.bin");
    for (int items : new int[] {0, 3}) {
      try (AnnIndex index = create(4, Metric.INNER_PRODUCT, 16)) {
        for (int i = 0; i < items; i++) {
          index.add(i, new float[] {1, i, 0, 0});
        }
        RecallIOException e = assertThrows(RecallIOException.class, () -> index.save(file));
        assertTrue(e.getMessage().startsWith("Cannot write " + file + ": "), e.getMessage());
        assertInstanceOf(NoSuchFileException.class, e.getCause(), provider());
      }
    }
    assertFalse(Files.exists(file.getParent()));
  }

  @Test
  public void emptyIndex_savesAndLoads_andTakesItemsAfterwards() {
    for (boolean everRemoved : new boolean[] {false, true}) {
      Path file = dir.resolve("empty-" + everRemoved + ".bin");
      try (AnnIndex index = create(4, Metric.L2, 16)) {
        if (everRemoved) {
          index.add(7, new float[] {1, 2, 3, 4});
          assertTrue(index.remove(7));
        }
        index.save(file);
      }
      try (AnnIndex loaded = AnnIndex.load(file)) {
        assertEquals(provider(), loaded.provider());
        assertEquals(0, loaded.size());
        assertEquals(4, loaded.dimension());
        assertEquals(Metric.L2, loaded.metric());
        loaded.add(7, new float[] {0, 0, 1, 0});
        loaded.add(8, new float[] {0, 0, 0, 1});
        assertEquals(7L, loaded.search(new float[] {0, 0, 1, 0}, 1).id(0));
        assertEquals(2, loaded.search(new float[] {0, 0, 0, 1}, 2).size());
      }
    }
  }

  @Test
  public void vectorAboveTheNormLimit_rejectedNamingTheLimit_forDotAndL2() {
    String limit = String.format(Locale.ROOT, "%.3g", VectorChecks.MAX_NORM);
    assertEquals("4.61e+18", limit);
    for (Metric metric : new Metric[] {Metric.INNER_PRODUCT, Metric.L2}) {
      try (AnnIndex index = create(4, metric, 16)) {
        index.add(1, new float[] {1, 0, 0, 0});
        float[] huge = {3e38f, 0, 0, 0};
        String tail = ", above the limit 4.61e+18 (2^62) of metric " + metric
            + ": its scores would overflow a float; scale the vectors down, or use COSINE";
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> index.add(2, huge));
        assertEquals("vector for id 2 has norm 3.00e+38" + tail, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> index.upsert(1, huge));
        assertEquals("vector for id 1 has norm 3.00e+38" + tail, e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> index.addAll(new long[] {3, 4}, new float[][] {{1, 0, 0, 0}, {0, -5e18f, 0, 0}}));
        assertEquals("vectors[1] (id 4) has norm 5.00e+18" + tail, e.getMessage());
        assertEquals(1, index.search(new float[] {2e18f, 2e18f, 2e18f, 2e18f}, 1).size(),
            "a norm of 4.00e+18 is below the limit");
        e = assertThrows(IllegalArgumentException.class,
            () -> index.search(new float[] {3e18f, 3e18f, 3e18f, 3e18f}, 1));
        assertEquals("query has norm 6.00e+18" + tail, e.getMessage());
        assertEquals(1, index.size(), metric + ": failed changes must leave the index as it was");
        assertTrue(index.contains(1));
        assertFalse(index.contains(2) || index.contains(3) || index.contains(4));
      }
    }
  }

  @Test
  public void vectorsJustBelowTheNormLimit_finiteScoresAndFullResults() {
    float big = 2e18f; // norm 4e18 in 4 dimensions, below 2^62
    float[][] vectors = {
        {big, big, big, big}, {-big, -big, -big, -big}, {big, -big, big, -big}, {0, 0, 0, big}};
    for (Metric metric : Metric.values()) {
      try (AnnIndex index = create(4, metric, 16)) {
        for (int i = 0; i < vectors.length; i++) {
          index.add(i, vectors[i]);
        }
        for (float[] q : vectors) {
          TopK top = index.search(q, 4, null, 10);
          assertEquals(4, top.size(), metric + ": every item must come back");
          for (int i = 0; i < top.size(); i++) {
            assertTrue(Float.isFinite(top.score(i)), metric + ": score " + top.score(i));
          }
        }
        assertEquals(0L, index.search(vectors[0], 1).id(0), metric.toString());
        assertEquals(1L, index.search(vectors[1], 1).id(0), metric.toString());
      }
    }
  }

  @Test
  public void cosine_hugeAndTinyComponents_normalised_zeroRejected() {
    try (AnnIndex index = create(4, Metric.COSINE, 16)) {
      index.add(1, new float[] {1e20f, 1e20f, 0, 0});
      index.add(2, new float[] {1e-30f, 0, 1e-30f, 0});
      index.add(3, new float[] {0, 0, 0, Float.MIN_VALUE});
      index.add(4, new float[] {3e38f, -3e38f, 3e38f, -3e38f});
      float[][] queries = {{1, 1, 0, 0}, {1, 0, 1, 0}, {0, 0, 0, 1}, {1, -1, 1, -1}};
      for (int i = 0; i < queries.length; i++) {
        TopK top = index.search(queries[i], 4);
        assertEquals(4, top.size());
        assertEquals(i + 1L, top.id(0), "query " + i + ": " + top);
        assertEquals(1f, top.score(0), 1e-5f, "query " + i + ": " + top);
      }
      TopK tiny = index.search(new float[] {1e-40f, 1e-40f, 0, 0}, 1);
      assertEquals(1L, tiny.id(0));
      assertEquals(1f, tiny.score(0), 1e-5f);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.add(9, new float[4]));
      assertEquals("vector for id 9 is a zero vector, which has no cosine", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 1));
      assertEquals("query is a zero vector, which has no cosine", e.getMessage());
      assertEquals(4, index.size());
    }
  }

  @Test
  public void identicalVectors_everyIdComesBack() {
    int n = 120;
    for (Metric metric : Metric.values()) {
      try (AnnIndex index = create(8, metric, 16)) {
        float[] v = gaussian(new Random(SEED + 1), 8);
        for (int i = 0; i < n; i++) {
          index.add(i, v);
        }
        TopK top = index.search(v, n);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < top.size(); i++) {
          ids.add(top.id(i));
        }
        assertEquals(n, ids.size(), metric + ": distinct ids for k=" + n + ", seed " + SEED);
        assertEquals(60, index.search(v, 60, id -> id % 2 == 0).size(), metric + " filtered");
      }
    }
  }

  @Test
  public void addAndUpsert_pastTheExpectedSizeAndAfterRemovals_neverLoseAnItem() {
    Random rnd = new Random(SEED + 2);
    try (AnnIndex index = create(8, Metric.L2, 16)) {
      for (int i = 0; i < 16; i++) {
        index.add(i, gaussian(rnd, 8));
      }
      for (int i = 0; i < 4; i++) {
        assertTrue(index.remove(i));
      }
      Set<Long> live = new HashSet<>();
      for (long i = 4; i < 16; i++) {
        live.add(i);
      }
      for (int round = 0; round < 300; round++) {
        long id = rnd.nextInt(60);
        float[] v = gaussian(rnd, 8);
        switch (round % 3) {
          case 0 -> index.upsert(id, v);
          case 1 -> {
            if (!live.contains(id)) {
              index.add(id, v);
            } else {
              index.upsert(id, v);
            }
          }
          default -> {
            if (live.size() > 10 && rnd.nextBoolean()) {
              assertEquals(live.contains(id), index.remove(id));
              live.remove(id);
              continue;
            }
            index.upsert(id, v);
          }
        }
        live.add(id);
        assertTrue(index.contains(id), "round " + round + ", id " + id + ", seed " + SEED);
        assertEquals(live.size(), index.size(), "round " + round + ", seed " + SEED);
        assertEquals(id, index.search(v, 1, null, 100).id(0), "round " + round + ", seed " + SEED);
      }
      assertEquals(live.size(), index.search(gaussian(rnd, 8), live.size()).size());
      assertTrue(index.tombstones() >= 0);
    }
  }

  @Test
  public void addPastTheExpectedSize_whileFourThreadsSearch_noErrorAndFullResults()
      throws Exception {
    Random rnd = new Random(SEED + 3);
    int n = 1500;
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] = gaussian(rnd, 8);
    }
    try (AnnIndex index = create(8, Metric.L2, 16)) {
      for (int i = 0; i < 16; i++) {
        index.add(i, vectors[i]);
      }
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread[] searchers = new Thread[4];
      for (int t = 0; t < searchers.length; t++) {
        Random r = new Random(SEED + 10 + t);
        searchers[t] = new Thread(() -> {
          try {
            while (!done.get()) {
              TopK top = index.search(vectors[r.nextInt(16)], 10, null, 20);
              if (top.size() != 10) {
                throw new AssertionError("a search returned " + top.size() + " of 10");
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        searchers[t].start();
      }
      try {
        for (int i = 16; i < n; i++) {
          if (i % 5 == 0) {
            index.upsert(i % 16, vectors[i % 16]);
          }
          index.add(i, vectors[i]);
        }
      } finally {
        done.set(true);
        for (Thread t : searchers) {
          t.join();
        }
      }
      if (failure.get() != null) {
        throw new AssertionError(provider() + ", seed " + SEED, failure.get());
      }
      assertEquals(n, index.size());
      for (int i = 0; i < n; i += 97) {
        assertTrue(index.contains(i), "id " + i);
      }
    }
  }
}
