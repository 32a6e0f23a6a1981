package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HnswCompactorTest {
  @Test
  void needed_pastAQuarterOfAtLeastAThousandNodes() {
    assertFalse(HnswCompactor.needed(1000, 750, 0)); // exactly a quarter
    assertTrue(HnswCompactor.needed(1000, 749, 0));
    assertFalse(HnswCompactor.needed(999, 0, 0)); // too small a graph to bother
    assertFalse(HnswCompactor.needed(10_000, 10_000, 0));
  }

  @Test
  void needed_afterAFailure_waitsUntilTheTombstonesDouble() {
    assertFalse(HnswCompactor.needed(4000, 2000, 1000)); // 2,000 = twice the 1,000 of the failure
    assertTrue(HnswCompactor.needed(4000, 1999, 1000));
  }
}
