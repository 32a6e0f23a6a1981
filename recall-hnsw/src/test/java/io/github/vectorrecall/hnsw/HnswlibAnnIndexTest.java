package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.AnnIndexContractTest;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HnswlibAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "hnswlib";
  }

  @Test
  void upsertMany_rebuildsBeforeTombstonesOutnumberLiveItems() {
    Random rnd = new Random(SEED + 40);
    int n = 50;
    float[][] v = randomUnitVectors(rnd, n, 8);
    long[] ids = sequentialIds(n);
    try (AnnIndex index = AnnIndex.create("hnswlib",
        IndexConfig.builder(8).metric(Metric.L2).expectedSize(n).build())) {
      index.addAll(ids, v);
      for (int round = 0; round < 1000; round++) {
        int i = rnd.nextInt(n);
        v[i] = randomUnitVectors(rnd, 1, 8)[0];
        index.upsert(ids[i], v[i]);
        assertTrue(index.tombstones() <= n,
            "round " + round + ": " + index.tombstones() + " tombstones, seed " + SEED);
      }
      assertEquals(n, index.size());
      for (int i = 0; i < n; i++) {
        assertEquals(ids[i], index.search(v[i], 1, null, 100).id(0), "item " + i);
      }
      index.compact();
      assertEquals(0, index.tombstones());
      assertEquals(n, index.search(v[0], n).size());
    }
  }
}
