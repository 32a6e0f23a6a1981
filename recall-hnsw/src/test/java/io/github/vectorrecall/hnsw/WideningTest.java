package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.TopK;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WideningTest {
  /** A fake graph of {@code size} items, id i scoring -i, answering the best {@code want}. */
  private static Widening.Graph graph(int size, List<int[]> asked) {
    return (want, depth) -> {
      asked.add(new int[] {want, depth});
      int n = Math.min(want, size);
      long[] ids = new long[n];
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i;
        scores[i] = -i;
      }
      return new Widening.Neighbours(ids, scores);
    };
  }

  @Test
  void search_enoughPass_oneQuery() {
    List<int[]> asked = new ArrayList<>();
    TopK top = Widening.search(3, id -> id % 2 == 0, 10, 1000, 10, 10, 1.0, graph(1000, asked),
        () -> TopK.empty());
    assertEquals(1, asked.size());
    assertEquals(List.of(0L, 2L, 4L), List.of(top.id(0), top.id(1), top.id(2)));
  }

  @Test
  void search_fewPass_asksDeeper() {
    List<int[]> asked = new ArrayList<>();
    // one in 8 passes: 10 asked give 2 of 5; the next depth is 1.2 * 10 / 0.2 = 60
    TopK top = Widening.search(5, id -> id % 8 == 0, 10, 100_000, 10, 10, 1.0,
        graph(100_000, asked), () -> TopK.empty());
    assertEquals(2, asked.size());
    assertEquals(60, asked.get(1)[0]);
    assertEquals(60, asked.get(1)[1]);
    assertEquals(5, top.size());
    assertEquals(32L, top.id(4));
  }

  @Test
  void search_graphCannotAnswer_scansExactly() {
    TopK exact = TopK.wrap(new long[] {42}, new float[] {1f});
    assertEquals(exact, Widening.search(1, null, 10, 100, 1, 10, 1.0, (want, depth) -> null,
        () -> exact));
  }

  @Test
  void search_selectiveFilter_scansExactly() {
    TopK exact = TopK.wrap(new long[] {7}, new float[] {0f});
    List<int[]> asked = new ArrayList<>();
    // nothing passes in 10 of 1,000: the next depth would pass a quarter of the index
    assertEquals(exact, Widening.search(1, id -> false, 10, 1000, 10, 10, 1.0,
        graph(1000, asked), () -> exact));
    assertEquals(1, asked.size());
  }

  @Test
  void search_graphShortWhenAskedForAll_scansExactly() {
    // a graph of 10 items whose walk reaches only 7 (as with many equal vectors)
    List<int[]> asked = new ArrayList<>();
    TopK exact = TopK.wrap(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new float[10]);
    TopK top = Widening.search(10, null, 10, 10, 10, 10, 1.0, graph(7, asked), () -> exact);
    assertEquals(1, asked.size());
    assertEquals(exact, top);
  }

  @Test
  void next_scanCheaper_minusOne() {
    assertEquals(-1, Widening.next(100, 100, 100, 1, 1_000_000, 1.0));
    assertEquals(240, Widening.next(100, 100, 100, 50, 1_000_000, 1.0));
  }
}
