package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochStatsTest {

  @Test
  void singleModelConstructor_isMemberZero() {
    EpochStats s = new EpochStats(3, 20, 4.5, 2.0, 40_000, 34.0, Map.of("HR@50", 0.5));
    assertEquals(0, s.member());
    assertEquals(3, s.epoch());
  }

  @Test
  void validation_isCopied() {
    Map<String, Double> metrics = new HashMap<>(Map.of("HR@50", 0.5));
    EpochStats s = new EpochStats(1, 2, 1.0, 1.0, 1.0, 1.0, metrics, 1);
    metrics.put("HR@10", 0.2);
    assertEquals(Map.of("HR@50", 0.5), s.validation());
    assertEquals(1, s.member());
  }

  @Test
  void negativeMember_isRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EpochStats(1, 2, 1.0, 1.0, 1.0, 1.0, Map.of(), -1));
    assertEquals("member must be >= 0; member=-1", e.getMessage());
  }
}
