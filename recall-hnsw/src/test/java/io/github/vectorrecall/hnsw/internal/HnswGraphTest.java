package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HnswGraphTest {
  @Test
  void offset_level0RowsOf2MPlus1_upperLevelsPerNodeRowsOfMPlus1() {
    HnswGraph g = new HnswGraph(3, 4, 8);
    assertEquals(0, g.offset(0, 0));
    assertEquals(5 * 9, g.offset(5, 0));
    assertEquals(0, g.offset(5, 1));
    assertEquals(2 * 5, g.offset(5, 3));
  }

  @Test
  void setNeighbours_readBackOnEachLevel() {
    HnswGraph g = new HnswGraph(2, 2, 4);
    g.ensureCapacity(2);
    g.append(10, new float[] {1, 2}, 0);
    g.append(11, new float[] {3, 4}, 2);
    g.setNeighbours(1, 0, new int[] {0, 9, 9}, 1);
    g.setNeighbours(1, 2, new int[] {0, 1}, 2);
    int[] out = new int[5];
    assertEquals(1, g.neighbours(1, 0, out));
    assertEquals(0, out[0]);
    assertEquals(0, g.neighbours(1, 1, out));
    assertEquals(2, g.neighbours(1, 2, out));
    assertArrayEquals(new int[] {0, 1}, new int[] {out[0], out[1]});
    assertEquals(0, g.neighbours(0, 0, out));
  }

  @Test
  void ensureCapacity_growsByHalf_keepsNodes() {
    HnswGraph g = new HnswGraph(2, 2, 2);
    g.append(7, new float[] {1, 2}, 1);
    g.setNeighbours(0, 0, new int[] {0}, 1);
    g.ensureCapacity(3);
    assertEquals(3, g.ids.length);
    g.ensureCapacity(4);
    assertEquals(4, g.ids.length); // 3 + 3/2
    g.ensureCapacity(100);
    assertEquals(100, g.ids.length);
    assertEquals(7, g.id(0));
    assertArrayEquals(new float[] {1, 2}, g.vector(0));
    assertEquals(1, g.neighbours(0, 0, new int[5]));
    assertEquals(100 * 5, g.links0.length);
  }

  @Test
  void markDeleted_countsTombstones() {
    HnswGraph g = new HnswGraph(1, 2, 4);
    for (int i = 0; i < 3; i++) {
      g.append(i, new float[] {i}, 0);
    }
    g.markDeleted(1);
    assertEquals(3, g.count());
    assertEquals(2, g.live());
    assertEquals(1, g.tombstones());
    assertTrue(g.isDeleted(1));
    assertFalse(g.isDeleted(2));
  }

  @Test
  void ramBytesUsed_arraysAndUpperLists() {
    HnswGraph g = new HnswGraph(4, 2, 10);
    long empty = g.ramBytesUsed();
    // vectors 160, ids 80, levels 40, level-0 lists 200, upper references 80, removal marks 10
    assertEquals(160 + 80 + 40 + 200 + 80 + 10, empty);
    g.append(1, new float[4], 2);
    assertEquals(empty + 16 + 4L * 2 * 3, g.ramBytesUsed());
  }
}
