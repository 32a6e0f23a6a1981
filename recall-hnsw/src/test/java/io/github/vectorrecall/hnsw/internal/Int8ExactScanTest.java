package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8ExactScanTest {
  private static final long SEED = 4242L;

  /**
   * The smallest of 1.5, 2, 3 and 4 at which the int8 scan finds 99% of the float top 500 of
   * 20,000 clustered unit vectors, at 64 and 128 dimensions (Int8Bench recall: 0.997 to 1.0 on
   * average, at least 0.99 for every query; 2 gives 0.9994 to 1.0).
   */
  static final float OVERSAMPLE = 1.5f;

  /** Row-major vectors with their ids, quantizer, codes and squared norms. */
  private static final class Fixture {
    final int dim;
    final int rows;
    final float[] data;
    final long[] ids;
    final ScalarQuantizer quantizer;
    final byte[] codes;
    final float[] norms;

    Fixture(float[] data, int rows, int dim) {
      this.dim = dim;
      this.rows = rows;
      this.data = data;
      this.ids = new long[rows];
      for (int r = 0; r < rows; r++) {
        ids[r] = 1_000L + 3L * r;
      }
      this.quantizer = ScalarQuantizer.fit(data, rows, dim, SEED);
      this.codes = new byte[rows * dim];
      for (int r = 0; r < rows; r++) {
        quantizer.quantize(data, r * dim, codes, r * dim);
      }
      this.norms = Int8ExactScan.squaredNorms(data, rows, dim);
    }

    TopK int8(Metric metric, float[] q, boolean[] deleted, int from, int to, IdFilter filter,
        int k, float oversample) {
      return Int8ExactScan.rows(metric, q, data, ids, deleted, from, to, filter, k, quantizer,
          codes, metric == Metric.L2 ? norms : null, oversample).toTopK();
    }

    /** The codes in the blocked layout, and the norms padded to whole blocks. */
    TopK int8Blocked(Metric metric, float[] q, boolean[] deleted, int from, int to,
        IdFilter filter, int k, float oversample) {
      int padded = (rows + Scorer.BYTE_BLOCK - 1) / Scorer.BYTE_BLOCK * Scorer.BYTE_BLOCK;
      return Int8ExactScan.rows(metric, q, data, ids, deleted, from, to, filter, k, quantizer,
          codes, blocked(codes, rows, dim), metric == Metric.L2
              ? Arrays.copyOf(norms, padded) : null, oversample).toTopK();
    }

    TopK exact(Metric metric, float[] q, boolean[] deleted, int from, int to, IdFilter filter,
        int k) {
      return ExactScan.rows(metric, q, data, ids, deleted, from, to, filter, k).toTopK();
    }
  }

  /** Removal marks on about one row in ten. */
  private static boolean[] aboutOneInTen(Random rnd, int rows) {
    boolean[] deleted = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      deleted[r] = rnd.nextInt(10) == 0;
    }
    return deleted;
  }

  @Test
  void rows_allRowsCandidates_equalsTheFloatScan() {
    Random rnd = new Random(SEED);
    int rows = 1_000;
    eachCase(rnd, rows, new int[] {5, 64}, (metric, dim, gen, f, deleted, filter) -> {
      for (int query = 0; query < 5; query++) {
        float[] q = gen.one();
        int k = 1 + rnd.nextInt(50);
        float all = (float) rows / k; // every row is a candidate
        String where = metric + ", dim " + dim + ", k " + k + ", seed " + SEED;
        assertEquals(f.exact(metric, q, null, 0, rows, null, k),
            f.int8(metric, q, null, 0, rows, null, k, all), where);
        assertEquals(f.exact(metric, q, deleted, 0, rows, filter, k),
            f.int8(metric, q, deleted, 0, rows, filter, k, all), where + ", filtered");
        assertEquals(f.exact(metric, q, deleted, 300, 700, filter, k),
            f.int8(metric, q, deleted, 300, 700, filter, k, all), where + ", rows 300-700");
      }
    });
  }

  /** A test's body for one metric and dimension, with its data and removal marks. */
  private interface Case {
    void run(Metric metric, int dim, ClusteredVectors gen, Fixture f, boolean[] deleted,
        IdFilter filter);
  }

  /**
   * Runs {@code body} for every metric and each dimension, on {@code rows} clustered rows (unit
   * length for cosine), about one in ten removed, and a filter dropping every seventh id.
   */
  private static void eachCase(Random rnd, int rows, int[] dims, Case body) {
    for (Metric metric : Metric.values()) {
      for (int dim : dims) {
        ClusteredVectors gen = new ClusteredVectors(dim, 10, 0.8, metric == Metric.COSINE,
            SEED + dim);
        body.run(metric, dim, gen, new Fixture(gen.rows(rows), rows, dim),
            aboutOneInTen(rnd, rows), id -> id % 7 != 0);
      }
    }
  }

  /** Row-major codes in the blocked layout of {@link Scorer#scoreBytesBlock}, zero-padded. */
  static byte[] blocked(byte[] codes, int rows, int dim) {
    int n = Scorer.BYTE_BLOCK;
    byte[] out = new byte[(rows + n - 1) / n * n * dim];
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < dim; d++) {
        out[(r / n) * dim * n + d * n + r % n] = codes[r * dim + d];
      }
    }
    return out;
  }

  /**
   * The blocked scan gives the row scan's result exactly (the same candidates, so the same ids
   * and float scores), over ranges that start and end inside blocks, with removals and a filter.
   */
  @Test
  void rows_blockedCodes_sameResultAsRowCodes() {
    Random rnd = new Random(SEED + 5);
    int rows = 1_003;
    eachCase(rnd, rows, new int[] {7, 64}, (metric, dim, gen, f, deleted, filter) -> {
      for (int query = 0; query < 5; query++) {
        float[] q = gen.one();
        int k = 1 + rnd.nextInt(80);
        int from = rnd.nextInt(40);
        int to = rows - rnd.nextInt(40);
        String where = metric + ", dim " + dim + ", k " + k + ", rows " + from + "-" + to;
        assertEquals(f.int8(metric, q, null, 0, rows, null, k, OVERSAMPLE),
            f.int8Blocked(metric, q, null, 0, rows, null, k, OVERSAMPLE), where);
        assertEquals(f.int8(metric, q, deleted, from, to, filter, k, OVERSAMPLE),
            f.int8Blocked(metric, q, deleted, from, to, filter, k, OVERSAMPLE),
            where + ", filtered");
        assertEquals(f.int8(metric, q, deleted, 5, 9, filter, 2, OVERSAMPLE),
            f.int8Blocked(metric, q, deleted, 5, 9, filter, 2, OVERSAMPLE),
            where + ", inside one block");
      }
    });
  }

  /** The SIMD block kernel (when this JVM has one) gives the plain one's scores and mask. */
  @Test
  void scoreBytesBlock_simdEqualsPlain() {
    Scorer plain = new ScalarScorer();
    Random rnd = new Random(SEED + 6);
    // 1100: past Scorer.FLOAT_EXACT_DIMENSION, where the SIMD kernel sums in int lanes.
    for (int dim : new int[] {1, 7, 64, 129, 1100}) {
      int rows = 3 * Scorer.BYTE_BLOCK;
      byte[] codes = new byte[rows * dim];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = (byte) (rnd.nextInt(255) - 127);
      }
      byte[] blocked = blocked(codes, rows, dim);
      byte[] q = new byte[dim];
      float[] qf = new float[dim];
      for (int i = 0; i < dim; i++) {
        q[i] = (byte) (rnd.nextInt(255) - 127);
        qf[i] = q[i];
      }
      float[] norms = new float[rows];
      for (int i = 0; i < rows; i++) {
        norms[i] = rnd.nextFloat() * 1000;
      }
      for (int b = 0; b < 3; b++) {
        for (float[] n : new float[][] {null, norms}) {
          float[] expected = new float[Scorer.BYTE_BLOCK];
          float[] actual = new float[Scorer.BYTE_BLOCK];
          float bar = b == 0 ? Float.NEGATIVE_INFINITY : rnd.nextInt(2000) - 1000;
          int m1 = plain.scoreBytesBlock(qf, blocked, b, dim, 0.37f, n, bar, expected);
          int m2 = Scorer.INSTANCE.scoreBytesBlock(qf, blocked, b, dim, 0.37f, n, bar, actual);
          assertArrayEquals(expected, actual, "dim " + dim + " block " + b);
          assertEquals(m1, m2, "mask, dim " + dim + " block " + b);
          for (int i = 0; i < Scorer.BYTE_BLOCK; i++) {
            int dot = plain.dotBytes(q, 0, codes, (b * Scorer.BYTE_BLOCK + i) * dim, dim);
            assertEquals(n == null ? dot : 0.37f * dot - n[b * Scorer.BYTE_BLOCK + i],
                expected[i], 0f, "row " + i);
          }
        }
      }
    }
  }

  @Test
  void rows_clusteredUnitVectors_recallAtLeast99Percent() {
    int rows = 20_000;
    int k = 500;
    for (int dim : new int[] {64, 128}) {
      for (Metric metric : new Metric[] {Metric.COSINE, Metric.L2}) {
        ClusteredVectors gen = new ClusteredVectors(dim, 100, 1.0, true, SEED + dim);
        Fixture f = new Fixture(gen.rows(rows), rows, dim);
        double sum = 0;
        int queries = 10;
        for (int query = 0; query < queries; query++) {
          float[] q = gen.one();
          TopK exact = f.exact(metric, q, null, 0, rows, null, k);
          TopK approx = f.int8(metric, q, null, 0, rows, null, k, OVERSAMPLE);
          sum += recall(exact, approx);
        }
        double recall = sum / queries;
        assertTrue(recall >= 0.99, metric + ", dim " + dim + ": recall " + recall
            + " at oversample " + OVERSAMPLE + ", seed " + SEED);
      }
    }
  }

  /** The share of the exact result's ids that the other result holds. */
  static double recall(TopK exact, TopK approx) {
    int hits = 0;
    for (long id : exact.ids()) {
      if (approx.contains(id)) {
        hits++;
      }
    }
    return (double) hits / exact.size();
  }

  @Test
  void rows_edges() {
    float[] data = {1, 0, 0.9f, 0.1f, 0.5f, 0.5f, 0, 1, -1, 0};
    Fixture f = new Fixture(data, 5, 2);
    float[] q = {1, 0};
    assertEquals(0, f.int8(Metric.INNER_PRODUCT, q, null, 2, 2, null, 3, 1f).size());
    TopK all = f.int8(Metric.INNER_PRODUCT, q, null, 0, 5, null, 10, 1f);
    assertArrayEquals(f.exact(Metric.INNER_PRODUCT, q, null, 0, 5, null, 10).ids(), all.ids());
    boolean[] deleted = {true, true, true, true, true};
    assertEquals(0, f.int8(Metric.L2, q, deleted, 0, 5, null, 3, 4f).size());
  }

  @Test
  void rows_badArguments_namedInTheMessage() {
    float[] data = {1, 0, 0.9f, 0.1f, 0.5f, 0.5f, 0, 1, -1, 0};
    Fixture f = new Fixture(data, 5, 2);
    float[] q = {1, 0};
    assertEquals("k must be positive; k=0", assertThrows(IllegalArgumentException.class,
        () -> f.int8(Metric.INNER_PRODUCT, q, null, 0, 5, null, 0, 2f)).getMessage());
    assertEquals("oversample must be at least 1 and finite; oversample=0.5",
        assertThrows(IllegalArgumentException.class,
            () -> f.int8(Metric.INNER_PRODUCT, q, null, 0, 5, null, 1, 0.5f)).getMessage());
    assertEquals("oversample must be at least 1 and finite; oversample=NaN",
        assertThrows(IllegalArgumentException.class,
            () -> f.int8(Metric.INNER_PRODUCT, q, null, 0, 5, null, 1, Float.NaN))
            .getMessage());
    assertEquals("query has 3 components, expected the dimension 2",
        assertThrows(IllegalArgumentException.class,
            () -> f.int8(Metric.INNER_PRODUCT, new float[3], null, 0, 5, null, 1, 2f))
            .getMessage());
    assertEquals("codes hold 10 bytes, too few for 6 rows of 2",
        assertThrows(IllegalArgumentException.class,
            () -> f.int8(Metric.INNER_PRODUCT, q, null, 0, 6, null, 1, 2f)).getMessage());
    assertEquals("squaredNorms (needed for L2)",
        assertThrows(NullPointerException.class,
            () -> Int8ExactScan.rows(Metric.L2, q, f.data, f.ids, null, 0, 5, null, 1,
                f.quantizer, f.codes, null, 2f)).getMessage());
    assertEquals("squaredNorms holds 4 values, too few for 5 rows",
        assertThrows(IllegalArgumentException.class,
            () -> Int8ExactScan.rows(Metric.L2, q, f.data, f.ids, null, 0, 5, null, 1,
                f.quantizer, f.codes, new float[4], 2f)).getMessage());
  }
}
