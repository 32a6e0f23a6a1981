package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreHeapTest {
  /** Scores with repeats, both signs, zeros of both signs and extremes. */
  private static float draw(Random rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return rnd.nextInt(5) - 2; // repeats
      case 1:
        return rnd.nextBoolean() ? 0f : -0f;
      case 2:
        return rnd.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
      case 3:
        return rnd.nextBoolean() ? Float.MIN_VALUE : -Float.MIN_VALUE;
      default:
        return (float) rnd.nextGaussian() * 1000;
    }
  }

  @Test
  void popsAndReplacesInScoreOrder_withTheNodeOfEachScore_bothWays() {
    for (boolean maxFirst : new boolean[] {true, false}) {
      Random rnd = new Random(maxFirst ? 1 : 2);
      Comparator<float[]> order = (a, b) -> maxFirst ? Float.compare(b[0], a[0])
          : Float.compare(a[0], b[0]);
      PriorityQueue<float[]> expected = new PriorityQueue<>(order);
      ScoreHeap heap = new ScoreHeap(maxFirst, 1);
      for (int step = 0; step < 20_000; step++) {
        if (!expected.isEmpty() && rnd.nextInt(5) == 0) {
          // replaceTop = pop then push: the top entry leaves, whichever of equals it is
          float popped = heap.topScore();
          int old = heap.topNode();
          assertEquals(true, expected.removeIf(e -> Float.compare(e[0], popped) == 0
              && Float.floatToRawIntBits(e[1]) == old), "top " + old);
          float s = draw(rnd);
          int node = rnd.nextInt(1 << 30); // below 2^30: its bits, as a float, are never NaN
          heap.replaceTop(s, node);
          expected.add(new float[] {s, Float.intBitsToFloat(node)});
        } else if (expected.isEmpty() || rnd.nextInt(3) > 0) {
          float s = draw(rnd);
          int node = rnd.nextInt(1 << 30); // below 2^30: its bits, as a float, are never NaN
          heap.push(s, node);
          expected.add(new float[] {s, Float.intBitsToFloat(node)});
        } else {
          float[] top = expected.peek();
          assertEquals(top[0], heap.topScore(), "maxFirst=" + maxFirst + " step " + step);
          // the node must carry its own score: find the entry popped among equal scores
          float popped = heap.topScore();
          int node = heap.topNode();
          boolean found = expected.removeIf(e -> Float.compare(e[0], popped) == 0
              && Float.floatToRawIntBits(e[1]) == node);
          assertEquals(true, found, "node " + node + " with score " + popped);
          heap.pop();
        }
        assertEquals(expected.size(), heap.size());
      }
    }
  }

  @Test
  void clear_emptiesAndKeepsWorking() {
    ScoreHeap heap = new ScoreHeap(false, 4);
    for (int i = 0; i < 10; i++) {
      heap.push(i, i);
    }
    heap.clear();
    assertEquals(0, heap.size());
    heap.push(-3f, 7);
    heap.push(-5f, 9);
    assertEquals(-5f, heap.topScore());
    assertEquals(9, heap.topNode());
  }
}
