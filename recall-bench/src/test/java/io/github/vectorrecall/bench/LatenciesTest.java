package io.github.vectorrecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Percentiles come back in milliseconds within HdrHistogram's 3 significant digits. */
class LatenciesTest {

  @Test
  void ms_uniformMicroseconds_nearestRank() {
    Latencies l = new Latencies();
    for (int i = 1000; i >= 1; i--) {
      l.record(i * 1_000L); // 1 us .. 1 ms, recorded out of order
    }
    assertEquals(1000, l.count());
    assertEquals(0.500, l.ms(50), 0.0005);
    assertEquals(0.990, l.ms(99), 0.001);
    assertEquals(0.999, l.ms(99.9), 0.001);
    assertEquals(1.000, l.ms(100), 0.001);
  }

  @Test
  void ms_oneSlowQuery_showsOnlyAtTheTail() {
    Latencies l = new Latencies();
    for (int i = 0; i < 999; i++) {
      l.record(2_000_000L);
    }
    l.record(250_000_000L);
    assertEquals(2.0, l.ms(99.9), 0.002);
    assertEquals(250.0, l.ms(100), 0.25);
  }
}
