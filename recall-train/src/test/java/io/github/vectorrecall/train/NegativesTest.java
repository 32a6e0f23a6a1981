package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** logQ correction, accidental-hit masking and negative sampling, at unit level. */
class NegativesTest {
  private static final float M = -1e9f;
  /** Row 0 is the unknown item; rows 1..4 were seen 1, 3, 6 and 0 times (total 10). */
  private static final long[] COUNTS = {0, 1, 3, 6, 0};

  @Test
  void inBatchMask_coversThePositiveAndItsDuplicates() {
    float[] mask = NegativeMasks.inBatch(new int[] {5, 7, 5});
    assertArrayEquals(new float[] {
        M, 0, M,
        0, M, 0,
        M, 0, M}, mask);
  }

  @Test
  void sampledMask_onlyWhereTheDrawIsThePositive() {
    float[] mask = NegativeMasks.sampled(new int[] {2, 3}, new int[] {3, 1, 2, 3});
    assertArrayEquals(new float[] {
        0, 0, M, 0,
        M, 0, 0, M}, mask);
  }

  @Test
  void inBatchMask_withOwners_alsoCoversTheUsersOwnTargets() {
    float[] mask = NegativeMasks.inBatch(new int[] {5, 7, 6, 5}, new int[] {1, 1, 2, 2});
    assertArrayEquals(new float[] {
        M, M, 0, M,
        M, M, 0, 0,
        0, 0, M, M,
        M, 0, M, M}, mask);
  }

  @Test
  void softmaxMasked_isWhereTheSeparateMasksMask_exceptThePositiveOnTheDiagonal() {
    int[] targets = {5, 7, 6, 5};
    int[] owners = {1, 1, 2, 3};
    int[] sampled = {6, 9};
    long[][] cells = NegativeMasks.softmaxMasked(targets, owners, sampled);
    assertEquals(cells[0].length, cells[1].length);
    boolean[][] masked = new boolean[4][6];
    for (int c = 0; c < cells[0].length; c++) {
      masked[(int) cells[0][c]][(int) cells[1][c]] = true;
    }
    float[] inBatch = NegativeMasks.inBatch(targets, owners);
    float[] drawn = NegativeMasks.sampled(targets, sampled);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 6; j++) {
        boolean expected = j != i && (j < 4 ? inBatch[i * 4 + j] : drawn[i * 2 + j - 4]) == M;
        assertEquals(expected, masked[i][j], "row " + i + ", column " + j);
      }
    }
    assertTrue(masked[0][3], "row 0, column 3: the same item");
    assertTrue(masked[0][1], "row 0, column 1: the same user");
    assertTrue(masked[2][4], "row 2, sampled item 6 is its positive");
    assertEquals(5, cells[0].length, "rows 0 and 1 share a user, rows 0 and 3 an item, row 2 drew its own");
  }

  /**
   * On random batches (repeated items and users, with and without owners and sampled items),
   * the cells are exactly those of the cell-by-cell definition, in row-major order.
   */
  @Test
  void softmaxMasked_randomBatches_equalTheCellByCellDefinition() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(40);
      int s = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(30);
      int items = 1 + rnd.nextInt(25);
      int[] targets = rnd.ints(n, 0, items).toArray();
      int[] owners = rnd.nextBoolean() ? null : rnd.ints(n, 0, 1 + rnd.nextInt(10)).toArray();
      int[] sampled = rnd.ints(s, 0, items).toArray();
      List<Long> rows = new ArrayList<>();
      List<Long> cols = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n + s; j++) {
          boolean masked = j < n
              ? j != i && (targets[i] == targets[j] || (owners != null && owners[i] == owners[j]))
              : targets[i] == sampled[j - n];
          if (masked) {
            rows.add((long) i);
            cols.add((long) j);
          }
        }
      }
      long[][] cells = NegativeMasks.softmaxMasked(targets, owners, sampled);
      String batch = "trial " + trial + ": targets " + Arrays.toString(targets) + ", owners "
          + Arrays.toString(owners) + ", sampled " + Arrays.toString(sampled);
      assertArrayEquals(rows.stream().mapToLong(Long::longValue).toArray(), cells[0], batch);
      assertArrayEquals(cols.stream().mapToLong(Long::longValue).toArray(), cells[1], batch);
    }
  }

  @Test
  void inBatchCorrection_isLogOfExpectedCountInTheBatch() {
    TwoTowerConfig config =
        TwoTowerConfig.builder().negatives(TwoTowerConfig.Negatives.IN_BATCH).build();
    Negatives n = new Negatives(config, COUNTS, 8);
    assertTrue(n.inBatch());
    assertEquals(0, n.sampled());
    float[] c = n.inBatchCorrection(new int[] {1, 3, 4});
    assertEquals(Math.log(8 * 0.1), c[0], 1e-6);
    assertEquals(Math.log(8 * 0.6), c[1], 1e-6);
    // never seen: counted once, so the correction stays finite
    assertEquals(Math.log(8 * 0.1), c[2], 1e-6);
    assertArrayEquals(c, n.positiveCorrection(new int[] {1, 3, 4}));
  }

  @Test
  void withoutLogQ_correctionsAreZero() {
    TwoTowerConfig config = TwoTowerConfig.builder().logQCorrection(false)
        .negatives(TwoTowerConfig.Negatives.MIXED).sampledNegatives(4).build();
    Negatives n = new Negatives(config, COUNTS, 8);
    assertArrayEquals(new float[3], n.inBatchCorrection(new int[] {1, 2, 3}));
    assertArrayEquals(new float[2], n.sampledCorrection(new int[] {1, 2}));
  }

  @Test
  void uniformDraws_correctionAndCoverage() {
    TwoTowerConfig config = TwoTowerConfig.builder().negatives(TwoTowerConfig.Negatives.UNIFORM)
        .sampledNegatives(16).build();
    Negatives n = new Negatives(config, COUNTS, 8);
    assertFalse(n.inBatch());
    assertEquals(16, n.sampled());
    assertEquals(Math.log(16 / 4.0), n.sampledCorrection(new int[] {3})[0], 1e-6);
    // sampled-only: the positive is corrected like a sampled candidate
    assertArrayEquals(n.sampledCorrection(new int[] {2}), n.positiveCorrection(new int[] {2}));
    int[] seen = new int[5];
    int[] out = new int[16];
    Random rnd = new Random(1);
    for (int i = 0; i < 1000; i++) {
      n.draw(rnd, out);
      for (int r : out) {
        seen[r]++;
      }
    }
    assertEquals(0, seen[0], "the unknown row is never drawn");
    for (int r = 1; r <= 4; r++) {
      assertEquals(4000, seen[r], 300, "row " + r);
    }
  }

  @Test
  void popularityDraws_followTrainingCounts() {
    TwoTowerConfig config = TwoTowerConfig.builder()
        .negatives(TwoTowerConfig.Negatives.POPULARITY).sampledNegatives(10).build();
    Negatives n = new Negatives(config, COUNTS, 8);
    int[] seen = new int[5];
    int[] out = new int[10];
    Random rnd = new Random(2);
    for (int i = 0; i < 2000; i++) {
      n.draw(rnd, out);
      for (int r : out) {
        seen[r]++;
      }
    }
    assertEquals(0, seen[0]);
    assertEquals(0, seen[4], "an item never seen is never drawn by popularity");
    assertEquals(2000, seen[1], 200);
    assertEquals(6000, seen[2], 300);
    assertEquals(12000, seen[3], 300);
    assertEquals(Math.log(10 * 0.6), n.sampledCorrection(new int[] {3})[0], 1e-6);
  }
}
