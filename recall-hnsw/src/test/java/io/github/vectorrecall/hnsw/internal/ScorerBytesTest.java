package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 kernels, SIMD (the tests run with the vector module) and scalar, give exactly the
 * integer dot product of a plain loop.
 */
class ScorerBytesTest {
  private static final long SEED = 20261130L;

  private static Scorer[] scorers() {
    assertTrue(Scorer.INSTANCE.describe().startsWith("Vector API"), Scorer.INSTANCE.describe());
    return new Scorer[] {Scorer.INSTANCE, new ScalarScorer()};
  }

  private static int reference(byte[] a, int offA, byte[] b, int offB, int dimension) {
    int s = 0;
    for (int i = 0; i < dimension; i++) {
      s += a[offA + i] * b[offB + i];
    }
    return s;
  }

  private static void fill(Random rnd, byte[] v, int lo, int hi) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) (lo + rnd.nextInt(hi - lo + 1));
    }
  }

  @Test
  void dotBytes_equalsAPlainLoop_forDimensions1To300() {
    Random rnd = new Random(SEED);
    for (Scorer scorer : scorers()) {
      for (int dim = 1; dim <= 300; dim++) {
        byte[] a = new byte[dim + 7];
        byte[] b = new byte[2 * dim + 3];
        fill(rnd, a, -127, 127);
        fill(rnd, b, -127, 127);
        assertEquals(reference(a, 7, b, dim, dim), scorer.dotBytes(a, 7, b, dim, dim),
            scorer.describe() + ", dim " + dim + ", seed " + SEED);
        assertEquals(reference(a, 0, b, 0, dim), scorer.dotBytes(a, 0, b, 0, dim),
            scorer.describe() + ", offset 0, dim " + dim + ", seed " + SEED);
      }
    }
  }

  @Test
  void dotBytes_extremeValues_exact() {
    Random rnd = new Random(SEED);
    for (Scorer scorer : scorers()) {
      for (int dim : new int[] {1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 300, 4099}) {
        byte[] plus = new byte[dim];
        byte[] minus = new byte[dim];
        Arrays.fill(plus, (byte) 127);
        Arrays.fill(minus, (byte) -127);
        String where = scorer.describe() + ", dim " + dim;
        assertEquals(127 * 127 * dim, scorer.dotBytes(plus, 0, plus, 0, dim), where);
        assertEquals(-127 * 127 * dim, scorer.dotBytes(plus, 0, minus, 0, dim), where);
        assertEquals(127 * 127 * dim, scorer.dotBytes(minus, 0, minus, 0, dim), where);
        // Every byte, -128 included: the products still fit a short.
        byte[] lowest = new byte[dim];
        Arrays.fill(lowest, Byte.MIN_VALUE);
        assertEquals(128 * 128 * dim, scorer.dotBytes(lowest, 0, lowest, 0, dim), where);
        byte[] a = new byte[dim];
        byte[] b = new byte[dim];
        fill(rnd, a, -128, 127);
        for (int i = 0; i < dim; i++) {
          b[i] = rnd.nextBoolean() ? (byte) 127 : (byte) -127;
        }
        assertEquals(reference(a, 0, b, 0, dim), scorer.dotBytes(a, 0, b, 0, dim),
            where + ", seed " + SEED);
      }
    }
  }

  @Test
  void rowAndRangeKernels_equalDotBytes_forEveryCountAndDimension() {
    Random rnd = new Random(SEED + 1);
    for (Scorer scorer : scorers()) {
      for (int dim : new int[] {1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 128, 257}) {
        int rowsInMatrix = 40;
        byte[] data = new byte[rowsInMatrix * dim];
        fill(rnd, data, -127, 127);
        byte[] q = new byte[dim];
        fill(rnd, q, -127, 127);
        for (int n = 0; n <= 11; n++) {
          String where = scorer.describe() + ", dim " + dim + ", " + n + " rows, seed " + SEED;
          int[] rows = new int[n + 3];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = rnd.nextInt(rowsInMatrix);
          }
          int[] out = new int[n + 3];
          Arrays.fill(out, Integer.MIN_VALUE);
          scorer.dotBytesRows(q, data, rows, n, dim, out);
          for (int i = 0; i < n; i++) {
            assertEquals(reference(q, 0, data, rows[i] * dim, dim), out[i], where);
          }
          for (int i = n; i < out.length; i++) {
            assertEquals(Integer.MIN_VALUE, out[i], "only n dot products are written");
          }
          int from = rnd.nextInt(rowsInMatrix - n + 1);
          Arrays.fill(out, Integer.MIN_VALUE);
          scorer.dotBytesRange(q, data, from, from + n, dim, out);
          for (int i = 0; i < n; i++) {
            assertEquals(scorer.dotBytes(q, 0, data, (from + i) * dim, dim), out[i],
                where + ", range from " + from);
          }
          for (int i = n; i < out.length; i++) {
            assertEquals(Integer.MIN_VALUE, out[i], "only the range is written");
          }
        }
      }
    }
  }
}
