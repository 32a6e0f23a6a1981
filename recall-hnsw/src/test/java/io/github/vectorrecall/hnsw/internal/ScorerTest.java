package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD kernels (the tests run with the vector module) agree with the scalar ones. */
class ScorerTest {
  @Test
  void simdIsInUse_andAgreesWithScalar() {
    assertTrue(Scorer.INSTANCE.describe().startsWith("Vector API"), Scorer.INSTANCE.describe());
    Scorer scalar = new ScalarScorer();
    Random rnd = new Random(5);
    for (int dim : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 128, 257}) {
      float[] a = new float[dim + 5];
      float[] b = new float[2 * dim + 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) rnd.nextGaussian();
      }
      float d1 = Scorer.INSTANCE.dot(a, 5, b, dim, dim);
      float d2 = scalar.dot(a, 5, b, dim, dim);
      assertEquals(d2, d1, 1e-4f * (1 + Math.abs(d2)), "dot, dim " + dim);
      float s1 = Scorer.INSTANCE.squareDistance(a, 5, b, dim, dim);
      float s2 = scalar.squareDistance(a, 5, b, dim, dim);
      assertEquals(s2, s1, 1e-4f * (1 + s2), "squareDistance, dim " + dim);
    }
  }

  @Test
  void rowKernels_giveTheBitsOfOneRowKernels_forEveryCountAndDimension() {
    Random rnd = new Random(9);
    for (Scorer scorer : new Scorer[] {Scorer.INSTANCE, new ScalarScorer()}) {
      for (int dim : new int[] {1, 7, 8, 15, 16, 17, 33, 64, 100, 128, 257}) {
        int rowsInMatrix = 40;
        float[] data = new float[rowsInMatrix * dim];
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) rnd.nextGaussian();
        }
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) {
          q[i] = (float) rnd.nextGaussian();
        }
        for (int n = 0; n <= 11; n++) {
          int[] rows = new int[n + 3];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = rnd.nextInt(rowsInMatrix);
          }
          float[] out = new float[n + 3];
          Arrays.fill(out, Float.NaN);
          scorer.dotRows(q, data, rows, n, dim, out);
          for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(scorer.dot(q, 0, data, rows[i] * dim, dim)),
                Float.floatToIntBits(out[i]),
                scorer.describe() + ", dim " + dim + ", " + n + " rows, row " + i);
          }
          float[] distances = new float[n];
          scorer.squareDistanceRows(q, data, rows, n, dim, distances);
          for (int i = 0; i < n; i++) {
            assertEquals(
                Float.floatToIntBits(scorer.squareDistance(q, 0, data, rows[i] * dim, dim)),
                Float.floatToIntBits(distances[i]), scorer.describe() + ", L2, dim " + dim);
          }
          for (int i = n; i < out.length; i++) {
            assertTrue(Float.isNaN(out[i]), "only n scores are written");
          }
        }
      }
    }
  }
}
