package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.VectorStorage;
import io.github.vectorrecall.hnsw.internal.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code hnsw} index with its float vectors in a mapped file ({@link VectorStorage}). */
class HnswMappedTest {
  private static final long SEED = 1616L;
  private static final int DIM = 32;
  private static final int N = 2500;

  @TempDir
  Path dir;

  private IndexConfig config(Metric metric, VectorStorage storage) {
    return IndexConfig.builder(DIM).metric(metric).buildThreads(1).expectedSize(N).seed(SEED)
        .quantization(Quantization.INT8).vectorStorage(storage).vectorDirectory(dir).build();
  }

  static List<Path> mappedFiles(Path where) throws IOException {
    try (Stream<Path> files = Files.list(where)) {
      return files.filter(p -> p.toString().endsWith(".f32")).collect(Collectors.toList());
    }
  }

  static void assertSameResults(AnnIndex expected, AnnIndex actual, float[][] queries,
      String what) {
    for (float[] q : queries) {
      for (SearchMode mode : SearchMode.values()) {
        TopK a = expected.search(q, 60, null, 90, mode);
        TopK b = actual.search(q, 60, null, 90, mode);
        // the scores in the message: a near-tie at the cut-off shows there
        assertArrayEquals(a.ids(), b.ids(), () -> what + ", " + mode + ", seed " + SEED + "\n"
            + Arrays.toString(a.scores()) + "\n" + Arrays.toString(b.scores()));
        for (int i = 0; i < a.size(); i++) {
          assertEquals(a.score(i), b.score(i), 0f, what + ", " + mode + " rank " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void mapped_sameResultsAsHeap_inEveryMode(Metric metric) {
    float[][] v = HnswInt8Test.clustered(new Random(SEED), N);
    float[][] queries = HnswInt8Test.clustered(new Random(SEED + 1), 8);
    try (AnnIndex heap = AnnIndex.create("hnsw", config(metric, VectorStorage.HEAP));
        AnnIndex mapped = AnnIndex.create("hnsw", config(metric, VectorStorage.MAPPED))) {
      heap.addAll(HnswInt8Test.ids(N), v);
      mapped.addAll(HnswInt8Test.ids(N), v);
      assertSameResults(heap, mapped, queries, metric.toString());
    }
  }

  @Test
  void ramBytesUsed_dropsByTheFloats() {
    float[][] v = HnswInt8Test.clustered(new Random(SEED + 2), N);
    try (AnnIndex heap = AnnIndex.create("hnsw", config(Metric.COSINE, VectorStorage.HEAP));
        AnnIndex mapped = AnnIndex.create("hnsw", config(Metric.COSINE, VectorStorage.MAPPED))) {
      heap.addAll(HnswInt8Test.ids(N), v);
      mapped.addAll(HnswInt8Test.ids(N), v);
      long floats = 4L * DIM * N; // the capacity is N: expectedSize
      // with SIMD block kernels, a heap index also keeps its codes in the blocked layout (in
      // whole blocks of rows), which a mapped one does without
      long blocked = Scorer.INSTANCE.blockedBytes()
          ? (long) DIM * ((N + Scorer.BYTE_BLOCK - 1) / Scorer.BYTE_BLOCK * Scorer.BYTE_BLOCK) : 0;
      long drop = heap.ramBytesUsed() - mapped.ramBytesUsed();
      assertTrue(drop > 0.98 * floats + blocked && drop <= floats + blocked,
          "heap " + heap.ramBytesUsed() + ", mapped " + mapped.ramBytesUsed() + ", floats "
              + floats + ", blocked codes " + blocked);
    }
  }

  @Test
  void saveAndLoad_mapsTheLoadedVectorsBesideTheFile() throws IOException {
    float[][] v = HnswInt8Test.clustered(new Random(SEED + 3), N);
    float[][] queries = HnswInt8Test.clustered(new Random(SEED + 4), 6);
    Path saved = Files.createDirectory(dir.resolve("saved"));
    Path file = saved.resolve("items.hnsw");
    try (AnnIndex mapped = AnnIndex.create("hnsw", config(Metric.L2, VectorStorage.MAPPED))) {
      mapped.addAll(HnswInt8Test.ids(N), v);
      mapped.save(file);
      AnnIndex loaded = AnnIndex.load(file);
      try {
        assertEquals(1, mappedFiles(saved).size(), "the loaded vectors' file");
        assertTrue(mappedFiles(saved).get(0).getFileName().toString()
            .startsWith("items.hnsw.floats-"), mappedFiles(saved).toString());
        assertTrue(loaded.ramBytesUsed() < mapped.ramBytesUsed() + 4096,
            loaded.ramBytesUsed() + " on the heap after load, " + mapped.ramBytesUsed()
                + " before");
        assertSameResults(mapped, loaded, queries, "loaded");
        // a loaded mapped index saves as mapped again
        Path again = saved.resolve("again.hnsw");
        loaded.save(again);
        try (AnnIndex reloaded = AnnIndex.load(again)) {
          assertSameResults(mapped, reloaded, queries, "reloaded");
        }
      } finally {
        loaded.close();
      }
      assertEquals(List.of(), mappedFiles(saved), "close deletes the loaded vectors' file");
    }
  }

  @Test
  void close_deletesTheFile_andUseThrows() throws IOException {
    AnnIndex index = AnnIndex.create("hnsw", config(Metric.COSINE, VectorStorage.MAPPED));
    float[][] v = HnswInt8Test.clustered(new Random(SEED + 5), 1200);
    index.addAll(HnswInt8Test.ids(1200), v);
    assertEquals(1, mappedFiles(dir).size());
    index.close();
    index.close(); // idempotent
    assertEquals(List.of(), mappedFiles(dir));
    assertThrows(IllegalStateException.class, () -> index.search(v[0], 5));
    assertThrows(IllegalStateException.class,
        () -> index.search(v[0], 5, null, 0, SearchMode.EXACT_INT8));
    assertThrows(IllegalStateException.class, () -> index.add(-1, v[0]));
    assertThrows(IllegalStateException.class, index::ramBytesUsed);
  }

  @Test
  void compaction_replacesTheFile_andKeepsResultsExact() throws IOException {
    float[][] v = HnswInt8Test.clustered(new Random(SEED + 6), N);
    long[] ids = HnswInt8Test.ids(N);
    try (AnnIndex index = AnnIndex.create("hnsw", config(Metric.COSINE, VectorStorage.MAPPED))) {
      index.addAll(ids, v);
      Path before = mappedFiles(dir).get(0);
      for (int i = 0; i < N; i += 2) {
        index.remove(ids[i]);
      }
      index.compact();
      assertEquals(0, index.tombstones());
      List<Path> after = mappedFiles(dir);
      assertEquals(1, after.size(), "the old file is deleted: " + after);
      assertTrue(!after.get(0).equals(before), "a new file: " + after);
      for (int i = 1; i < N; i += 250) {
        TopK top = index.search(v[i], 1, null, 0, SearchMode.EXACT_INT8);
        assertEquals(ids[i], top.id(0), "item " + i + ", seed " + SEED);
      }
    }
  }

  @Test
  void mappedWithoutInt8_refused() {
    assertThrows(IllegalArgumentException.class, () -> IndexConfig.builder(DIM)
        .vectorStorage(VectorStorage.MAPPED).build());
  }
}
