package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.IndexTuner;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.SearchChoice;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.SearchPlan;
import io.github.vectorrecall.TopK;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search modes of the {@code hnsw} and {@code exact} indexes, and plans measured on them. */
class SearchModesTest {
  private static final long SEED = 20_261_130L;

  private static float[][] unit(Random rnd, int n, int dim) {
    return IndexTunerTest.unit(rnd, n, dim);
  }

  private static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1000L + 3L * i;
    }
    return ids;
  }

  private static long[] sorted(TopK top) {
    long[] ids = top.ids();
    Arrays.sort(ids);
    return ids;
  }

  @Test
  void modes_agreeInContent_whenRecallIsOne() {
    int n = 1500;
    float[][] v = unit(new Random(SEED), n, 16);
    float[][] queries = unit(new Random(SEED + 1), 20, 16);
    IndexConfig config = IndexConfig.builder(16).metric(Metric.COSINE).buildThreads(1).build();
    try (AnnIndex hnsw = AnnIndex.create("hnsw", config);
        AnnIndex exact = AnnIndex.create("exact", config)) {
      hnsw.addAll(ids(n), v);
      exact.addAll(ids(n), v);
      assertEquals(Set.of(SearchMode.AUTO, SearchMode.EXACT, SearchMode.GRAPH),
          hnsw.searchModes());
      assertEquals(Set.of(SearchMode.AUTO, SearchMode.EXACT), exact.searchModes());
      IdFilter odd = id -> id % 2 == 1;
      for (float[] q : queries) {
        TopK truth = exact.search(q, 50, odd, 0, SearchMode.EXACT);
        assertArrayEquals(truth.ids(), hnsw.search(q, 50, odd, 0, SearchMode.EXACT).ids());
        // A walk keeping every node finds them all.
        assertArrayEquals(sorted(truth), sorted(hnsw.search(q, 50, odd, n, SearchMode.GRAPH)));
        // AUTO scans when the walk would score about as many vectors (16 per result kept).
        assertArrayEquals(truth.ids(), hnsw.search(q, 50, odd, n / 16, SearchMode.AUTO).ids());
      }
    }
  }

  @Test
  void exactMode_skipsRemovedItems_andSplitsAcrossThreads() {
    int n = 40_000;
    float[][] v = unit(new Random(SEED + 2), n, 8);
    long[] ids = ids(n);
    IndexConfig one = IndexConfig.builder(8).m(4).efConstruction(16).buildThreads(2).build();
    try (AnnIndex a = AnnIndex.create("hnsw", one);
        AnnIndex b = AnnIndex.create("hnsw", one.toBuilder().searchThreads(2).build())) {
      a.addAll(ids, v);
      b.addAll(ids, v);
      for (int i = 0; i < 100; i++) {
        a.remove(ids[i]);
        b.remove(ids[i]);
      }
      float[] q = v[5];
      TopK single = a.search(q, 100, null, 0, SearchMode.EXACT);
      TopK split = b.search(q, 100, null, 0, SearchMode.EXACT);
      assertArrayEquals(single.ids(), split.ids());
      for (long id : single.ids()) {
        assertFalse(id < ids[100], "removed id " + id + " returned");
      }
    }
  }

  @Test
  void int8Modes_withoutQuantization_areRefused() {
    try (AnnIndex hnsw = AnnIndex.create("hnsw", IndexConfig.builder(4).build())) {
      hnsw.add(1, new float[] {1, 0, 0, 0});
      assertEquals("The hnsw index does not offer search mode GRAPH_INT8; it offers "
          + hnsw.searchModes() + " (the int8 modes need an index built with Quantization.INT8)",
          assertThrows(IllegalArgumentException.class, () -> hnsw.search(
              new float[] {1, 0, 0, 0}, 1, null, 0, SearchMode.GRAPH_INT8)).getMessage());
      assertEquals("mode", assertThrows(NullPointerException.class,
          () -> hnsw.search(new float[] {1, 0, 0, 0}, 1, null, 0, null)).getMessage());
    }
  }

  @Test
  void plan_tinyIndex_choosesTheScan() {
    int n = 300;
    float[][] v = unit(new Random(SEED + 3), n, 32);
    try (AnnIndex hnsw = AnnIndex.create("hnsw", IndexConfig.builder(32).buildThreads(1)
        .build())) {
      hnsw.addAll(ids(n), v);
      SearchPlan plan = IndexTuner.builder().k(100).ladder(100, 200, 300).build()
          .plan(hnsw, unit(new Random(SEED + 4), 200, 32));
      SearchChoice c = plan.choose(100, 0.95, n, -1);
      // Scoring 300 rows in order beats a walk that keeps 100 of 300 nodes in its heaps.
      assertEquals(SearchMode.EXACT, c.mode(), plan.table());
    }
  }

  @Test
  void plan_largeIndexSmallK_choosesTheGraph_andASelectiveFilterTheScan() {
    int n = 30_000;
    float[][] v = unit(new Random(SEED + 5), n, 16);
    IndexConfig config = IndexConfig.builder(16).m(16).efConstruction(100).buildThreads(2)
        .build();
    try (AnnIndex hnsw = AnnIndex.create("hnsw", config)) {
      hnsw.addAll(ids(n), v);
      // Queries near items, as users are near what they like: a graph's easy case.
      float[][] queries = new float[200][];
      Random rnd = new Random(SEED + 6);
      for (int i = 0; i < queries.length; i++) {
        queries[i] = v[rnd.nextInt(n)].clone();
        queries[i][0] += 0.05f;
      }
      SearchPlan plan = IndexTuner.builder().k(10).ladder(10, 20, 40, 80, 160).build()
          .plan(hnsw, queries);
      assertEquals(SearchMode.GRAPH, plan.choose(10, 0.9, n, -1).mode(), plan.table());
      // 0.1% of the items pass.
      assertEquals(SearchMode.EXACT, plan.choose(10, 0.9, n, 30).mode(), plan.table());
    }
  }
}
