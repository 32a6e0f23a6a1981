package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HnswGraphSearcherTest {
  private static final long SEED = 20261130L;

  @Test
  void exactIsCheaper_filterPassingUnderTwoPercent() {
    // 19 of 1,000 pass: under 2%, whatever the index size
    assertTrue(HnswGraphSearcher.exactIsCheaper(19, 1000, 100_000_000, 1));
    // 20 of 1,000 (exactly 2%) in a huge index with a small ef: the walk goes on
    assertFalse(HnswGraphSearcher.exactIsCheaper(20, 1000, 100_000_000, 1));
  }

  @Test
  void exactIsCheaper_walkAlreadyScoredMoreThanTheScan() {
    // half pass: the scan scores (0.5 + 0.05) * 1,000 = 550 < 1,000 already visited
    assertTrue(HnswGraphSearcher.exactIsCheaper(500, 1000, 1000, 1));
    assertFalse(HnswGraphSearcher.exactIsCheaper(500, 1000, 1_000_000, 1));
  }

  @Test
  void exactIsCheaper_walkWillScoreMoreThanTheScan() {
    // half pass, 100,000 live: the scan costs 55,000 tests, 27,500 scores; a walk for ef
    // results costs about 16 * ef: cheaper for ef 1,000, dearer for ef 2,000
    assertFalse(HnswGraphSearcher.exactIsCheaper(500, 1000, 100_000, 1000));
    assertTrue(HnswGraphSearcher.exactIsCheaper(500, 1000, 100_000, 2000));
  }

  @Test
  void exactIsCheaper_everythingPasses_largeIndex_walks() {
    assertFalse(HnswGraphSearcher.exactIsCheaper(1000, 1000, 1_000_000, 100));
  }

  private static HnswGraph graph(int n, int dim, Random rnd, HnswGraphSearcher searcher) {
    float[][] v = new float[n][dim];
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      for (int j = 0; j < dim; j++) {
        v[i][j] = (float) rnd.nextGaussian();
      }
    }
    HnswGraph g = new HnswGraph(dim, 8, n);
    HnswGraphBuilder b = new HnswGraphBuilder(g, searcher, Metric.L2, 100, SEED);
    b.append(ids, v);
    for (int node = 0; node < n; node++) {
      b.insert(node);
    }
    return g;
  }

  @Test
  void search_selectiveFilter_givesTheExactAnswer() {
    Random rnd = new Random(SEED);
    HnswGraphSearcher searcher = new HnswGraphSearcher(Metric.L2, 8, 8);
    HnswGraph g = graph(3000, 8, rnd, searcher);
    g.markDeleted(113);
    IdFilter rare = id -> id % 100 == 13; // 1% pass, one of them removed
    for (int q = 0; q < 20; q++) {
      float[] query = g.vector(rnd.nextInt(3000));
      TopK got = searcher.search(g, query, 10, rare, 40);
      TopK truth = searcher.exactScan(g, query, 10, rare);
      assertEquals(truth, got, "query " + q + ", seed " + SEED);
      assertFalse(got.contains(113), "removed node returned");
    }
  }

  @Test
  void search_unfiltered_findsTheQueryNodeFirst() {
    Random rnd = new Random(SEED + 1);
    HnswGraphSearcher searcher = new HnswGraphSearcher(Metric.L2, 8, 8);
    HnswGraph g = graph(2000, 8, rnd, searcher);
    int hits = 0;
    for (int node = 0; node < 2000; node += 10) {
      TopK top = searcher.search(g, g.vector(node), 5, null, 50);
      assertEquals(5, top.size());
      hits += top.id(0) == node ? 1 : 0;
    }
    assertTrue(hits >= 195, hits + " of 200 queries found their own node first, seed " + SEED);
  }
}
