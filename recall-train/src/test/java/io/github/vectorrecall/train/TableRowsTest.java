package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableRowsTest {
  @Test
  void remap_numbersTheDistinctRowsInOrderOfFirstAppearance() {
    TableRows rows = new TableRows(10);
    long[] users = {7, 3, 7, 0, 3, 9};
    assertArrayEquals(new long[] {7, 3, 0, 9}, rows.remap(users));
    assertArrayEquals(new long[] {0, 1, 0, 2, 1, 3}, users);
  }

  @Test
  void remap_startsAfreshForEachBatch() {
    TableRows rows = new TableRows(10);
    rows.remap(new long[] {5, 6});
    long[] next = {6, 2};
    assertArrayEquals(new long[] {6, 2}, rows.remap(next));
    assertArrayEquals(new long[] {0, 1}, next);
  }

  @Test
  void remap_rejectsARowOutsideTheTable() {
    TableRows rows = new TableRows(4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rows.remap(new long[] {1, 4}));
    assertEquals("row 4 is outside the table's 4 rows", e.getMessage());
  }
}
