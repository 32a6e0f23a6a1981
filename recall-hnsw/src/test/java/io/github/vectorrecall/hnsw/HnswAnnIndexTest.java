package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.AnnIndexContractTest;
import io.github.vectorrecall.IndexConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HnswAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "hnsw";
  }

  @Test
  void ramBytesUsed_coversVectorsAndGraph() {
    int n = 2000;
    int dim = 32;
    float[][] v = randomUnitVectors(new Random(1), n, dim);
    try (AnnIndex index = AnnIndex.create("hnsw", IndexConfig.builder(dim).m(16).build())) {
      index.addAll(sequentialIds(n), v);
      long perItem = index.ramBytesUsed() / n;
      // at least the vector (128 B) and the level-0 list (33 ints); at most a few times that
      assertTrue(perItem >= 4 * dim + 4 * 33, "bytes per item " + perItem);
      assertTrue(perItem <= 4 * (4 * dim + 4 * 33) + 200, "bytes per item " + perItem);
    }
  }
}
