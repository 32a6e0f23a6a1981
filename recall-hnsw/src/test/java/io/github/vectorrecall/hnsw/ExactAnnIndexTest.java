package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.AnnIndexContractTest;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.SplitScan;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "exact";
  }

  @Override
  protected double minRecallAt10() {
    return 1.0;
  }

  @Test
  void searchSplitAcrossThreads_givesTheOneThreadResult() {
    int dim = 16;
    int n = 3 * SplitScan.MIN_ROWS_PER_THREAD + 17;
    float[][] v = randomUnitVectors(new Random(SEED + 20), n, dim);
    long[] ids = sequentialIds(n);
    IdFilter third = id -> id % 3 == 0;
    try (AnnIndex one = AnnIndex.create("exact", IndexConfig.builder(dim).build());
        AnnIndex three = AnnIndex.create("exact",
            IndexConfig.builder(dim).searchThreads(3).build())) {
      one.addAll(ids, v);
      three.addAll(ids, v);
      float[][] queries = randomUnitVectors(new Random(SEED + 21), 20, dim);
      for (float[] q : queries) {
        for (int k : new int[] {1, 10, 500}) {
          TopK expected = one.search(q, k);
          assertEquals(expected, three.search(q, k), "k=" + k);
          assertEquals(one.search(q, k, third, 0), three.search(q, k, third, 0), "filtered");
        }
      }
      // a filter's exception reaches the caller from whichever thread ran into it
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> three.search(queries[0], 5, id -> {
            throw new IllegalStateException("filter failed at " + id);
          }, 0));
      assertEquals(true, e.getMessage().startsWith("filter failed at "), e.getMessage());
    }
  }

  /**
   * The bytes beside the rows (the id map) stay near 17 per item at the expected size, where a
   * boxed map took 72; and the map keeps up with removals, which move the last row into the
   * freed slot.
   */
  @Test
  void ramBytesUsed_countsRowsAndAPrimitiveIdMap() {
    int n = 3000;
    int dim = 8;
    float[][] v = randomUnitVectors(new Random(SEED + 22), n, dim);
    try (AnnIndex index = AnnIndex.create("exact",
        IndexConfig.builder(dim).expectedSize(n).build())) {
      long[] ids = sequentialIds(n);
      index.addAll(ids, v);
      double beside = (index.ramBytesUsed() - (4.0 * dim + 8) * n) / n;
      assertTrue(beside > 12 && beside < 17.2, "id map bytes per item " + beside);
      for (int i = 0; i < n; i += 2) {
        assertTrue(index.remove(ids[i]), "id " + ids[i]);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(i % 2 == 1, index.contains(ids[i]), "id " + ids[i]);
      }
      TopK top = index.search(v[n - 1], 1);
      assertEquals(ids[n - 1], top.ids()[0]);
    }
  }
}
