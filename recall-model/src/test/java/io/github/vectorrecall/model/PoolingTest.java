package io.github.vectorrecall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoolingTest {

  @Test
  void code_isWhatModelFilesStore() {
    // Model files written before the enum hold these numbers: they must never change.
    assertEquals(0, Pooling.MEAN.code());
    assertEquals(1, Pooling.RECENCY.code());
    assertEquals(2, Pooling.ATTENTION.code());
    assertEquals(3, Pooling.NONE.code());
    assertEquals(4, Pooling.TWO_SCALE.code());
    for (Pooling p : Pooling.values()) {
      assertEquals(p, Pooling.ofCode(p.code()));
    }
  }

  @Test
  void ofCode_unknown_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pooling.ofCode(5));
    assertEquals("unknown pooling code 5", e.getMessage());
  }
}
