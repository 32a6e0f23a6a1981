package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
  void withRoom_growsByHalf_keepsNodes_leavesTheOldGraphAsItWas() {
    HnswGraph g = new HnswGraph(2, 2, 2);
    g.append(7, new float[] {1, 2}, 1);
    g.setNeighbours(0, 0, new int[] {0}, 1);
    assertSame(g, g.withRoom(2));
    HnswGraph g3 = g.withRoom(3);
    assertEquals(3, g3.ids.length);
    HnswGraph g4 = g3.withRoom(4);
    assertEquals(4, g4.ids.length); // 3 + 3/2
    HnswGraph g100 = g4.withRoom(100);
    assertEquals(100, g100.ids.length);
    assertEquals(7, g100.id(0));
    assertArrayEquals(new float[] {1, 2}, g100.vector(0));
    assertEquals(1, g100.neighbours(0, 0, new int[5]));
    assertEquals(100 * 5, g100.links0.length);
    assertEquals(1, g100.count());
    assertEquals(1, g100.live());
    assertEquals(-1, g100.entry);
    // searches that still hold the old graph keep reading its arrays, untouched by the copy's
    // appends; the copy shares the upper-level lists and the locks
    g100.append(8, new float[] {3, 4}, 0);
    assertEquals(1, g.count());
    assertEquals(2, g.ids.length);
    assertSame(g.upper[0], g100.upper[0]);
    assertSame(g.locks, g100.locks);
  }

  @Test
  void markReplaced_keepsTheLiveCountSearchesSee_untilTheReplacementIsAppended() {
    HnswGraph g = new HnswGraph(1, 2, 4);
    g.append(5, new float[] {1}, 0);
    g.append(6, new float[] {2}, 0);
    g.markReplaced(0);
    assertTrue(g.isDeleted(0));
    assertEquals(2, g.live()); // an upsert is under way: searches still count two items
    g.append(5, new float[] {3}, 0);
    assertEquals(2, g.live());
    assertEquals(3, g.count());
    assertEquals(1, g.tombstones());
    g.markReplaced(1);
    g.publishLive(); // the replacement failed: searches now count one item
    assertEquals(1, g.live());
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
