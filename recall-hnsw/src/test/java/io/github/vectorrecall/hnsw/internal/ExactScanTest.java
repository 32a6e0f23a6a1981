package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import org.junit.jupiter.api.Test;

class ExactScanTest {
  private static final float[] DATA = {1, 0, 0.9f, 0.1f, 0.5f, 0.5f, 0, 1, -1, 0};
  private static final long[] IDS = {10, 11, 12, 13, 14};

  @Test
  void rows_kBestOfTheRange_skippingRemovedAndFiltered() {
    float[] q = {1, 0};
    TopK all = ExactScan.rows(Metric.INNER_PRODUCT, q, DATA, IDS, null, 0, 5, null, 3).toTopK();
    assertArrayEquals(new long[] {10, 11, 12}, all.ids());
    boolean[] deleted = {true, false, false, false, false};
    TopK some = ExactScan.rows(Metric.INNER_PRODUCT, q, DATA, IDS, deleted, 0, 5,
        id -> id != 11, 3).toTopK();
    assertArrayEquals(new long[] {12, 13, 14}, some.ids());
    TopK range = ExactScan.rows(Metric.INNER_PRODUCT, q, DATA, IDS, null, 3, 5, null, 3)
        .toTopK();
    assertArrayEquals(new long[] {13, 14}, range.ids());
  }

  @Test
  void vectors_scoresLikeRows() {
    float[] q = {0.6f, 0.8f};
    float[][] vectors = {{1, 0}, {0.9f, 0.1f}, {0.5f, 0.5f}, {0, 1}, {-1, 0}};
    TopKCollector top = new TopKCollector(2);
    ExactScan.vectors(top, Metric.L2, q, IDS, vectors, 5);
    TopK fromVectors = top.toTopK();
    assertEquals(ExactScan.rows(Metric.L2, q, DATA, IDS, null, 0, 5, null, 2).toTopK(),
        fromVectors);
    assertArrayEquals(new long[] {12, 13}, fromVectors.ids());
  }
}
