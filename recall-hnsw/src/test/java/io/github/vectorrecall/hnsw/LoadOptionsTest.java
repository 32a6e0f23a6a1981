package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.LoadOptions;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.VectorStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a saved index with settings its file does not fix ({@link LoadOptions}). */
class LoadOptionsTest {
  private static final long SEED = 1717L;
  private static final int DIM = 32;
  private static final int N = 2000;

  @TempDir
  Path dir;

  private IndexConfig int8(VectorStorage storage) {
    return IndexConfig.builder(DIM).metric(Metric.COSINE).buildThreads(1).expectedSize(N)
        .seed(SEED).quantization(Quantization.INT8).vectorStorage(storage).vectorDirectory(dir)
        .build();
  }

  @Test
  void heapSaved_loadsMapped_intoTheGivenDirectory_andBack() throws IOException {
    float[][] v = HnswInt8Test.clustered(new Random(SEED), N);
    float[][] queries = HnswInt8Test.clustered(new Random(SEED + 1), 6);
    Path file = dir.resolve("heap.hnsw");
    Path cache = Files.createDirectory(dir.resolve("cache"));
    try (AnnIndex heap = AnnIndex.create("hnsw", int8(VectorStorage.HEAP))) {
      heap.addAll(HnswInt8Test.ids(N), v);
      heap.save(file);
      LoadOptions mapped = LoadOptions.builder().vectorStorage(VectorStorage.MAPPED)
          .vectorDirectory(cache).build();
      try (AnnIndex loaded = AnnIndex.load(file, mapped)) {
        assertEquals(1, HnswMappedTest.mappedFiles(cache).size(), "the mapped floats, in the given directory");
        long floats = 4L * DIM * N;
        assertTrue(heap.ramBytesUsed() - loaded.ramBytesUsed() > 0.9 * floats,
            "heap " + heap.ramBytesUsed() + ", loaded mapped " + loaded.ramBytesUsed());
        HnswMappedTest.assertSameResults(heap, loaded, queries, "loaded mapped");
        // saved again, it is a mapped index; loaded as HEAP, it holds its floats on the heap
        Path again = dir.resolve("mapped.hnsw");
        loaded.save(again);
        try (AnnIndex back = AnnIndex.load(again,
            LoadOptions.builder().vectorStorage(VectorStorage.HEAP).build())) {
          assertEquals(heap.ramBytesUsed(), back.ramBytesUsed(), 4096.0);
          HnswMappedTest.assertSameResults(heap, back, queries, "loaded back to heap");
        }
      }
      assertEquals(List.of(), HnswMappedTest.mappedFiles(cache), "close deletes the mapped file");
    }
  }

  @Test
  void mapped_ofAnIndexWithoutInt8_isRefused_andLeavesNoFile() throws IOException {
    Path file = dir.resolve("float.hnsw");
    try (AnnIndex floats = AnnIndex.create("hnsw",
        IndexConfig.builder(DIM).buildThreads(1).seed(SEED).build())) {
      floats.addAll(HnswInt8Test.ids(300), HnswInt8Test.clustered(new Random(SEED + 2), 300));
      floats.save(file);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnnIndex.load(file, LoadOptions.builder().vectorStorage(VectorStorage.MAPPED)
            .build()));
    assertTrue(e.getMessage().contains("was saved with quantization NONE"), e.getMessage());
    assertEquals(List.of(), HnswMappedTest.mappedFiles(dir));
  }

  @Test
  void searchThreads_appliesToTheLoadedIndex() {
    float[][] v = HnswInt8Test.clustered(new Random(SEED + 3), N);
    Path file = dir.resolve("exact.idx");
    try (AnnIndex exact = AnnIndex.create("exact", IndexConfig.builder(DIM).build())) {
      exact.addAll(HnswInt8Test.ids(N), v);
      exact.save(file);
      try (AnnIndex loaded = AnnIndex.load(file, LoadOptions.builder().searchThreads(2).build())) {
        float[] q = v[7];
        assertEquals(exact.search(q, 50), loaded.search(q, 50));
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AnnIndex.load(file, LoadOptions.builder().vectorStorage(VectorStorage.MAPPED)
              .build()));
      assertTrue(e.getMessage().contains("'exact' keeps its vectors on the heap"),
          e.getMessage());
    }
  }

  @Test
  void aProviderWithoutOptions_refusesThem_butLoadsWithTheDefaults() {
    Path file = dir.resolve("lib.idx");
    try (AnnIndex lib = AnnIndex.create("hnswlib", IndexConfig.builder(DIM).seed(SEED).build())) {
      lib.addAll(HnswInt8Test.ids(200), HnswInt8Test.clustered(new Random(SEED + 4), 200));
      lib.save(file);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnnIndex.load(file, LoadOptions.builder().searchThreads(2).build()));
    assertTrue(e.getMessage().startsWith("index provider 'hnswlib' cannot load"), e.getMessage());
    try (AnnIndex loaded = AnnIndex.load(file, LoadOptions.defaults())) {
      assertEquals(200, loaded.size());
    }
  }

  @Test
  void options_badValues_areRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.builder().searchThreads(-1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.builder().vectorDirectory(dir.resolve("missing")));
    assertTrue(e.getMessage().startsWith("vectorDirectory must be an existing directory"),
        e.getMessage());
    assertTrue(LoadOptions.defaults().isDefault());
  }
}
