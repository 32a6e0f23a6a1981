package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexConfigTest {
  private static IndexConfig full() {
    return IndexConfig.builder(48).metric(Metric.L2).m(24).efConstruction(321).efSearch(77)
        .expectedSize(5000).buildThreads(3).searchThreads(2).seed(99L).option("a", "1")
        .option("b", "2").build();
  }

  @Test
  void toBuilder_keepsEverySetting() {
    IndexConfig c = full();
    IndexConfig copy = c.toBuilder().build();
    assertEquals(c.toString(), copy.toString());
    assertEquals(48, copy.dimension());
    assertEquals(Metric.L2, copy.metric());
    assertEquals(24, copy.m());
    assertEquals(321, copy.efConstruction());
    assertEquals(77, copy.efSearch());
    assertEquals(5000, copy.expectedSize());
    assertEquals(3, copy.buildThreads());
    assertEquals(2, copy.searchThreads());
    assertEquals(99L, copy.seed());
    assertEquals(Map.of("a", "1", "b", "2"), copy.options());
  }

  @Test
  void toBuilder_changesLeaveTheOriginal() {
    IndexConfig c = full();
    IndexConfig changed = c.toBuilder().expectedSize(16).option("a", "x").option("c", "3").build();
    assertEquals(16, changed.expectedSize());
    assertEquals(Map.of("a", "x", "b", "2", "c", "3"), changed.options());
    assertEquals(2, changed.searchThreads());
    assertEquals(5000, c.expectedSize());
    assertEquals(Map.of("a", "1", "b", "2"), c.options());
  }

  @Test
  void toBuilder_setterStillChecks() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> full().toBuilder().efSearch(0));
    assertEquals("efSearch must be positive; efSearch=0", e.getMessage());
  }

  @Test
  void vectorStorage_mappedWithoutInt8() {
    IndexConfig.Builder b = IndexConfig.builder(8).vectorStorage(VectorStorage.MAPPED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("vectorStorage=MAPPED needs quantization=INT8, so that searches score int8"
        + " codes on the heap and read the mapped floats only to re-rank; quantization=NONE",
        e.getMessage());
  }

  @Test
  void vectorStorage_mappedKeptByToBuilder() {
    IndexConfig c = IndexConfig.builder(8).quantization(Quantization.INT8)
        .vectorStorage(VectorStorage.MAPPED).vectorDirectory(Path.of("/data/floats")).build();
    IndexConfig copy = c.toBuilder().build();
    assertEquals(VectorStorage.MAPPED, copy.vectorStorage());
    assertEquals(Path.of("/data/floats"), copy.vectorDirectory());
    assertEquals(c.toString(), copy.toString());
    assertEquals(VectorStorage.HEAP, IndexConfig.builder(8).build().vectorStorage());
  }

  @Test
  void vectorStorage_null() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> IndexConfig.builder(8).vectorStorage(null));
    assertEquals("vectorStorage", e.getMessage());
  }
}
