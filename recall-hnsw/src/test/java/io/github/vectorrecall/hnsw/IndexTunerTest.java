package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.IndexTuner;
import io.github.vectorrecall.TopK;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tuner's chosen ef holds its recall on queries it did not see. */
class IndexTunerTest {

  static float[][] unit(Random rnd, int n, int dim) {
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      double s = 0;
      for (int j = 0; j < dim; j++) {
        v[j] = (float) rnd.nextGaussian();
        s += v[j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        v[j] /= (float) Math.sqrt(s);
      }
    }
    return out;
  }

  private static double recall(AnnIndex index, AnnIndex exact, float[][] queries, int k, int ef) {
    double sum = 0;
    for (float[] q : queries) {
      long[] truth = exact.search(q, k).ids();
      Arrays.sort(truth);
      TopK got = index.search(q, k, null, ef);
      int h = 0;
      for (int i = 0; i < got.size(); i++) {
        h += Arrays.binarySearch(truth, got.id(i)) >= 0 ? 1 : 0;
      }
      sum += (double) h / k;
    }
    return sum / queries.length;
  }

  @Test
  void chosenEf_reachesTheTargetOnHeldOutQueries() {
    Random rnd = new Random(11);
    int n = 8000;
    int dim = 48;
    float[][] vectors = unit(rnd, n, dim);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 7L * i;
    }
    IndexConfig config = IndexConfig.builder(dim).m(8).efConstruction(64).buildThreads(1).build();
    try (AnnIndex index = AnnIndex.create("hnsw", config);
        AnnIndex exact = AnnIndex.create("exact", config)) {
      index.addAll(ids, vectors);
      exact.addAll(ids, vectors);
      float[][] tuneOn = unit(rnd, 200, dim);
      float[][] heldOut = unit(rnd, 200, dim);
      IndexTuner.Result r = IndexTuner.builder().k(50).targetRecall(0.9)
          .ladder(10, 25, 50, 100, 200, 400, 800).build().tune(index, exact, tuneOn);
      assertTrue(r.reached(), r.table());
      assertTrue(r.rows().get(r.rows().size() - 1).recall() >= 0.9, r.table());
      if (r.rows().size() > 1) {
        assertTrue(r.rows().get(r.rows().size() - 2).recall() < 0.9,
            "the chosen ef is the smallest that reaches the target\n" + r.table());
      }
      assertTrue(r.table().contains("<- chosen"));
      // 200 held-out queries: the sampling error of a mean recall is about 0.01
      double other = recall(index, exact, heldOut, 50, r.ef());
      assertTrue(other >= 0.9 - 0.02, "held-out recall " + other + " at ef " + r.ef());
    }
  }

  @Test
  void badSettings_areRejectedWithTheValue() {
    assertEquals("targetRecall must be in (0, 1]; targetRecall=1.5",
        assertThrows(IllegalArgumentException.class,
            () -> IndexTuner.builder().targetRecall(1.5)).getMessage());
    assertEquals("ladder must hold positive ef values; got [10, 0]",
        assertThrows(IllegalArgumentException.class,
            () -> IndexTuner.builder().ladder(10, 0)).getMessage());
    IndexConfig config = IndexConfig.builder(4).build();
    try (AnnIndex a = AnnIndex.create("hnsw", config);
        AnnIndex b = AnnIndex.create("exact", config)) {
      assertFalse(assertThrows(IllegalArgumentException.class,
          () -> IndexTuner.builder().build().tune(a, b, new float[0][])).getMessage().isEmpty());
    }
  }

  @Test
  void defaultLadder_cannotBeChanged() {
    assertThrows(UnsupportedOperationException.class, () -> IndexTuner.DEFAULT_LADDER.set(0, 1));
    assertEquals(50, IndexTuner.DEFAULT_LADDER.get(0));
    assertEquals(6400, IndexTuner.DEFAULT_LADDER.get(IndexTuner.DEFAULT_LADDER.size() - 1));
  }

  @Test
  void ladder_callersArrayIsCopied() {
    int[] efs = {40, 20};
    IndexTuner.Builder b = IndexTuner.builder().k(1).targetRecall(1.0).ladder(efs);
    efs[0] = -1;
    efs[1] = -2;
    IndexConfig config = IndexConfig.builder(4).build();
    try (AnnIndex index = AnnIndex.create("hnsw", config);
        AnnIndex exact = AnnIndex.create("exact", config)) {
      float[][] v = unit(new Random(5), 10, 4);
      for (int i = 0; i < v.length; i++) {
        index.add(i, v[i]);
        exact.add(i, v[i]);
      }
      IndexTuner.Result r = b.build().tune(index, exact, v);
      assertEquals(20, r.rows().get(0).ef(), r.table());
    }
  }
}
