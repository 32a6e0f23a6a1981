package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code hnsw} index with int8 codes: recall of the int8 modes, persistence, changes. */
class HnswInt8Test {
  private static final long SEED = 16L;
  private static final int DIM = 32;

  /** Unit vectors around 50 cluster centres, with a few large components to clip. */
  static float[][] clustered(Random rnd, int n) {
    float[][] centres = new float[50][DIM];
    Random c = new Random(SEED);
    for (float[] centre : centres) {
      for (int j = 0; j < DIM; j++) {
        centre[j] = (float) c.nextGaussian();
      }
    }
    float[][] out = new float[n][DIM];
    for (float[] v : out) {
      float[] centre = centres[rnd.nextInt(centres.length)];
      double s = 0;
      for (int j = 0; j < DIM; j++) {
        v[j] = centre[j] + 0.6f * (float) rnd.nextGaussian();
        s += v[j] * v[j];
      }
      for (int j = 0; j < DIM; j++) {
        v[j] /= (float) Math.sqrt(s);
      }
    }
    return out;
  }

  static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 5L * i + 1;
    }
    return ids;
  }

  private static AnnIndex int8Index(Metric metric) {
    return AnnIndex.create("hnsw", IndexConfig.builder(DIM).metric(metric).buildThreads(1)
        .quantization(Quantization.INT8).build());
  }

  private static double recall(AnnIndex index, float[][] queries, int k, int ef,
      SearchMode mode) {
    double hits = 0;
    for (float[] q : queries) {
      long[] truth = index.search(q, k, null, 0, SearchMode.EXACT).ids();
      Arrays.sort(truth);
      for (long id : index.search(q, k, null, ef, mode).ids()) {
        hits += Arrays.binarySearch(truth, id) >= 0 ? 1 : 0;
      }
    }
    return hits / ((double) k * queries.length);
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void int8Modes_keepTheRecallOfFloats(Metric metric) {
    int n = 5000;
    float[][] v = clustered(new Random(SEED + 1), n);
    float[][] queries = clustered(new Random(SEED + 2), 40);
    try (AnnIndex index = int8Index(metric)) {
      index.addAll(ids(n), v);
      assertEquals(EnumSet.allOf(SearchMode.class), index.searchModes());
      double scan = recall(index, queries, 100, 0, SearchMode.EXACT_INT8);
      assertTrue(scan >= 0.99, metric + ": int8 scan recall@100 " + scan);
      double graph = recall(index, queries, 100, 150, SearchMode.GRAPH);
      double graph8 = recall(index, queries, 100, 150, SearchMode.GRAPH_INT8);
      assertTrue(graph8 >= graph - 0.02, metric + ": int8 walk " + graph8 + ", float " + graph);
      // Results carry float scores, best first.
      float[] q = queries[0];
      TopK exact = index.search(q, 10, null, 0, SearchMode.EXACT);
      TopK int8 = index.search(q, 10, null, 0, SearchMode.EXACT_INT8);
      assertArrayEquals(exact.ids(), int8.ids());
      for (int i = 0; i < 10; i++) {
        assertEquals(exact.score(i), int8.score(i), 0f);
      }
    }
  }

  /**
   * The quantizer, and so every code, does not depend on how the items arrived: a bulk add
   * appends in chunks sized by the time they take, so fitting on "all rows so far" at the first
   * chunk past 1,000 made two builds of one seed differ now and then.
   */
  @Test
  void codes_sameHoweverTheItemsArrive() {
    int n = 2500;
    float[][] v = clustered(new Random(SEED + 30), n);
    long[] ids = ids(n);
    IndexConfig config = IndexConfig.builder(DIM).buildThreads(1).seed(SEED)
        .quantization(Quantization.INT8).build();
    try (HnswAnnIndex bulk = (HnswAnnIndex) AnnIndex.create("hnsw", config);
        HnswAnnIndex parts = (HnswAnnIndex) AnnIndex.create("hnsw", config)) {
      bulk.addAll(ids, v);
      for (int[] range : new int[][] {{0, 700}, {700, 1300}, {1300, n}}) {
        parts.addAll(Arrays.copyOfRange(ids, range[0], range[1]),
            Arrays.copyOfRange(v, range[0], range[1]));
      }
      assertArrayEquals(Arrays.copyOf(bulk.graph.quantized().codes(), n * DIM),
          Arrays.copyOf(parts.graph.quantized().codes(), n * DIM));
    }
  }

  @Test
  void fewItems_int8ModesSearchTheFloats() {
    int n = 500; // under QuantizedVectors.MIN_FIT_ROWS: no quantizer yet
    float[][] v = clustered(new Random(SEED + 3), n);
    try (AnnIndex index = int8Index(Metric.COSINE)) {
      index.addAll(ids(n), v);
      long withoutCodes = index.ramBytesUsed();
      for (float[] q : clustered(new Random(SEED + 4), 5)) {
        assertArrayEquals(index.search(q, 20, null, 0, SearchMode.EXACT).ids(),
            index.search(q, 20, null, 0, SearchMode.EXACT_INT8).ids());
        assertArrayEquals(index.search(q, 20, null, 50, SearchMode.GRAPH).ids(),
            index.search(q, 20, null, 50, SearchMode.GRAPH_INT8).ids());
      }
      // The 1,000th item fits the quantizer and codes every item: a byte per component.
      index.addAll(Arrays.stream(ids(1000)).map(id -> -id).toArray(),
          clustered(new Random(SEED + 5), 1000));
      assertTrue(index.ramBytesUsed() - withoutCodes >= 1500L * DIM,
          withoutCodes + " -> " + index.ramBytesUsed());
    }
  }

  @Test
  void saveAndLoad_keepsTheQuantizerAndTheResults(@TempDir Path dir) {
    int n = 3000;
    float[][] v = clustered(new Random(SEED + 6), n);
    float[][] queries = clustered(new Random(SEED + 7), 10);
    Path file = dir.resolve("int8.hnsw");
    try (AnnIndex index = int8Index(Metric.INNER_PRODUCT)) {
      index.addAll(ids(n), v);
      index.save(file);
      try (AnnIndex loaded = AnnIndex.load(file)) {
        assertEquals(EnumSet.allOf(SearchMode.class), loaded.searchModes());
        for (float[] q : queries) {
          for (SearchMode mode : SearchMode.values()) {
            TopK a = index.search(q, 50, null, 80, mode);
            TopK b = loaded.search(q, 50, null, 80, mode);
            assertArrayEquals(a.ids(), b.ids(), mode.toString());
          }
        }
      }
    }
  }

  @Test
  void removedItems_neverReturned_inInt8Modes() {
    int n = 2000;
    float[][] v = clustered(new Random(SEED + 8), n);
    long[] ids = ids(n);
    try (AnnIndex index = int8Index(Metric.COSINE)) {
      index.addAll(ids, v);
      for (int i = 0; i < n; i += 3) {
        index.remove(ids[i]);
      }
      index.upsert(ids[1], v[0]); // a moved item: scored on its new codes
      for (float[] q : clustered(new Random(SEED + 9), 10)) {
        for (SearchMode mode : new SearchMode[] {SearchMode.EXACT_INT8, SearchMode.GRAPH_INT8}) {
          for (long id : index.search(q, 100, null, 200, mode).ids()) {
            assertFalse((id - 1) / 5 % 3 == 0, mode + " returned removed id " + id);
          }
        }
      }
      assertEquals(ids[1], index.search(v[0], 1, null, 0, SearchMode.EXACT_INT8).id(0));
    }
  }

  @Test
  void otherProviders_refuseInt8() {
    IndexConfig config = IndexConfig.builder(DIM).quantization(Quantization.INT8).build();
    assertEquals("The exact index does not keep int8 codes; quantization=INT8 needs the hnsw "
        + "provider", assertThrows(IllegalArgumentException.class,
            () -> AnnIndex.create("exact", config)).getMessage());
  }
}
