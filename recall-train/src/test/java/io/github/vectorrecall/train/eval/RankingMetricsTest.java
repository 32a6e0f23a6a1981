package io.github.vectorrecall.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void rank_countsStrictlyHigherScoresAndSkipsExcludedOnes() {
    float ninf = Float.NEGATIVE_INFINITY;
    assertEquals(1, RankingMetrics.rank(new float[] {0.5f, 0.5f, 0.1f}, 0), "ties go to target");
    assertEquals(3, RankingMetrics.rank(new float[] {0.9f, 0.8f, 0.1f, ninf}, 2));
    assertEquals(2, RankingMetrics.rank(new float[] {ninf, 0.8f, 0.7f, ninf}, 2));
  }

  @Test
  void means_handComputed() {
    RankingMetrics m = new RankingMetrics(new int[] {1, 3}, new int[] {3});
    m.add(1);
    m.add(3);
    m.add(Integer.MAX_VALUE); // not found
    m.add(4);
    Map<String, Double> out = m.means();
    assertEquals(List.of("HR@1", "HR@3", "NDCG@3"), List.copyOf(out.keySet()));
    assertEquals(0.25, out.get("HR@1"));
    assertEquals(0.5, out.get("HR@3"));
    assertEquals((1 + 1 / (Math.log(4) / Math.log(2))) / 4, out.get("NDCG@3"), 1e-12);
  }

  @Test
  void means_withoutRanks_isEmpty() {
    assertTrue(new RankingMetrics(new int[] {10}, new int[] {10}).means().isEmpty());
  }

  @Test
  void badInput_throws() {
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> new RankingMetrics(new int[] {10, 0}, new int[] {}));
    assertEquals("cut-offs must be positive; k=0", k.getMessage());
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
        () -> new RankingMetrics(new int[] {10}, new int[] {}).add(0));
    assertEquals("rank must be at least 1; rank=0", r.getMessage());
  }
}
