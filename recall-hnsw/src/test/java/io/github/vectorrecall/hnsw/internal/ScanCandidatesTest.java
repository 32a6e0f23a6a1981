package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScanCandidatesTest {
  /**
   * Keeps the best {@code capacity} scores, ties at the last place going to the earliest offered,
   * for many offers (so the buffer trims many times), with many repeated scores.
   */
  @Test
  void keepsTheBest_earliestFirstOnTies() {
    Random rnd = new Random(77);
    for (int capacity : new int[] {1, 2, 7, 100}) {
      for (int repeats : new int[] {3, 50, 100_000}) {
        int n = 5_000;
        float[] scores = new float[n];
        ScanCandidates c = new ScanCandidates(capacity);
        for (int row = 0; row < n; row++) {
          scores[row] = rnd.nextInt(repeats) + (row % 3 == 0 ? 0.5f * rnd.nextInt(2) : 0f);
          c.offer(scores[row], row);
        }
        int[] expected = IntStream.range(0, n).boxed()
            .sorted(Comparator.comparing((Integer r) -> -scores[r]).thenComparing(r -> r))
            .limit(capacity).mapToInt(Integer::intValue).sorted().toArray();
        int[] actual = c.rows();
        Arrays.sort(actual);
        assertArrayEquals(expected, actual, "capacity " + capacity + ", repeats " + repeats);
      }
    }
  }

  @Test
  void fewerOffersThanCapacity_keepsThemAll() {
    ScanCandidates c = new ScanCandidates(10);
    c.offer(1f, 3);
    c.offer(-2f, 5);
    assertArrayEquals(new int[] {3, 5}, c.rows());
    assertEquals(Float.NEGATIVE_INFINITY, c.bar());
  }

  @Test
  void kthLargest_matchesASort() {
    Random rnd = new Random(78);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(300);
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = rnd.nextInt(1 + rnd.nextInt(40)) - 10;
      }
      float[] sorted = a.clone();
      Arrays.sort(sorted);
      int k = 1 + rnd.nextInt(n);
      assertEquals(sorted[n - k], ScanCandidates.kthLargest(a.clone(), n, k), "n " + n + " k " + k);
    }
  }
}
