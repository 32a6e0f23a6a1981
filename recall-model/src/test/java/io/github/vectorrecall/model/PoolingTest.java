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
    for (Pooling p : Pooling.values()) {
      assertEquals(p, Pooling.ofCode(p.code()));
    }
  }

  @Test
  void ofCode_unknown_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pooling.ofCode(4));
    assertEquals("unknown pooling code 4", e.getMessage());
  }
}
