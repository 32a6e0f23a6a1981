package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.CorruptFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarQuantizerTest {
  private static final long SEED = 77L;
  private static final Path FILE = Path.of("q.bin");

  private static float[] gaussian(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  private static byte[] codes(ScalarQuantizer sq, float[] data, int rows) {
    int dim = sq.dimension();
    byte[] codes = new byte[rows * dim];
    for (int r = 0; r < rows; r++) {
      sq.quantize(data, r * dim, codes, r * dim);
    }
    return codes;
  }

  @Test
  void confidence_isLucenesDefault() {
    assertEquals(0.9, ScalarQuantizer.confidence(4), 1e-12);
    assertEquals(1 - 1.0 / 65, ScalarQuantizer.confidence(64), 1e-12);
    assertEquals(1 - 1.0 / 129, ScalarQuantizer.confidence(128), 1e-12);
  }

  @Test
  void quantize_roundTripsWithinHalfAStep_andClampsTheRest() {
    int dim = 64;
    int rows = 5_000;
    float[] data = gaussian(new Random(SEED), rows * dim);
    ScalarQuantizer sq = ScalarQuantizer.fit(data, rows, dim, SEED);
    byte[] codes = codes(sq, data, rows);
    int clipped = 0;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < dim; j++) {
        float x = data[r * dim + j];
        float o = sq.offset(j);
        float s = sq.scale(j);
        int c = codes[r * dim + j];
        assertTrue(c >= -127 && c <= 127, "code " + c);
        String where = "row " + r + ", component " + j + ", seed " + SEED;
        if (Math.abs(x - o) <= 127 * s) {
          assertEquals(x, o + s * c, s / 2 * 1.0001f + 1e-6f, where);
        } else {
          clipped++;
          assertEquals(x > o ? 127 : -127, c, where);
        }
      }
    }
    // Per dimension, 1 - c of the values fall outside the fitted range, half on each side.
    double expected = (1 - ScalarQuantizer.confidence(dim)) * rows * dim;
    assertTrue(clipped > 0.7 * expected && clipped < 1.3 * expected,
        clipped + " clipped, expected about " + expected);
  }

  @Test
  void fit_sameSeed_sameQuantizer_andSamplesLargeInputs() {
    int dim = 8;
    int rows = 50_000;
    float[] data = gaussian(new Random(SEED), rows * dim);
    ScalarQuantizer a = ScalarQuantizer.fit(data, rows, dim, 1);
    ScalarQuantizer b = ScalarQuantizer.fit(data, rows, dim, 1);
    ScalarQuantizer c = ScalarQuantizer.fit(data, rows, dim, 2);
    boolean differs = false;
    for (int j = 0; j < dim; j++) {
      assertEquals(a.offset(j), b.offset(j));
      assertEquals(a.scale(j), b.scale(j));
      differs |= a.scale(j) != c.scale(j);
      // N(0, 1) clipped at the quantiles 0.05 and 0.95 (confidence 0.9 for dimension 8).
      assertEquals(0, a.offset(j), 0.05);
      assertEquals(2 * 1.645 / 254, a.scale(j), 0.05 * 2 * 1.645 / 254);
    }
    assertTrue(differs, "another seed draws another sample of the 50,000 rows");
  }

  @Test
  void fit_constantDimension_stepZero_codesZero_rebuiltExactly() {
    int dim = 3;
    int rows = 100;
    Random rnd = new Random(SEED);
    float[] data = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      data[r * dim] = (float) rnd.nextGaussian();
      data[r * dim + 1] = 3.25f;
      data[r * dim + 2] = (float) rnd.nextGaussian();
    }
    ScalarQuantizer sq = ScalarQuantizer.fit(data, rows, dim, SEED);
    assertEquals(0f, sq.scale(1));
    assertEquals(3.25f, sq.offset(1));
    byte[] code = new byte[dim];
    sq.quantize(new float[] {0f, 1e30f, 0f}, 0, code, 0);
    assertEquals(0, code[1]);
    float[] q = {0f, 2f, 0f};
    byte[] qc = new byte[dim];
    assertEquals(0f, sq.quantizeQuery(q, qc), "only the constant dimension is not 0");
    assertArrayEquals(new byte[dim], qc);
    assertEquals(6.5f, sq.queryBias(q));
  }

  @Test
  void approximateDot_withinTheBound() {
    for (int dim : new int[] {64, 128}) {
      int rows = 4_000;
      ClusteredVectors gen = new ClusteredVectors(dim, 40, 0.6, true, SEED + dim);
      float[] data = gen.rows(rows);
      ScalarQuantizer sq = ScalarQuantizer.fit(data, rows, dim, SEED);
      byte[] codes = codes(sq, data, rows);
      byte[] qc = new byte[dim];
      double inRangeSquares = 0;
      double clippedSquares = 0;
      int checked = 0;
      int queries = 20;
      float boundSum = 0;
      for (int query = 0; query < queries; query++) {
        float[] q = gen.one();
        float t = sq.quantizeQuery(q, qc);
        float bias = sq.queryBias(q);
        float bound = sq.maxAbsError(q);
        boundSum += bound;
        for (int r = 0; r < rows; r++) {
          float exact = Scorer.INSTANCE.dot(q, 0, data, r * dim, dim);
          float approx = bias + t * Scorer.INSTANCE.dotBytes(qc, 0, codes, r * dim, dim);
          double error = Math.abs(exact - approx);
          if (inRange(sq, data, r)) {
            checked++;
            inRangeSquares += error * error;
            // 1e-5: float rounding of the exact and approximate sums of unit vectors.
            assertTrue(error <= bound + 1e-5, "dim " + dim + ", query " + query + ", row " + r
                + ": error " + error + " above the bound " + bound + ", seed " + SEED);
          } else {
            clippedSquares += error * error;
          }
        }
      }
      assertTrue(checked > queries * rows / 10, checked + " rows within their ranges");
      double rms = Math.sqrt(inRangeSquares / checked);
      double clippedRms = Math.sqrt(clippedSquares / (queries * rows - checked));
      float meanBound = boundSum / queries;
      // The bound is a worst case; the errors, independent and of both signs, are far below.
      assertTrue(rms < meanBound / 10, "dim " + dim + ": rms error " + rms + " of the rows in "
          + "range, mean bound " + meanBound + " (clipped rows: rms " + clippedRms + ")");
      // Clipping costs more than rounding, but stays small against unit-vector scores.
      assertTrue(clippedRms < 0.02, "dim " + dim + ": rms error " + clippedRms
          + " of the clipped rows");
    }
  }

  private static boolean inRange(ScalarQuantizer sq, float[] data, int row) {
    int dim = sq.dimension();
    for (int j = 0; j < dim; j++) {
      if (Math.abs(data[row * dim + j] - sq.offset(j)) > 127 * sq.scale(j)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void writeRead_roundTrip() throws IOException {
    int dim = 17;
    float[] data = gaussian(new Random(SEED), 300 * dim);
    ScalarQuantizer sq = ScalarQuantizer.fit(data, 300, dim, SEED);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sq.write(new DataOutputStream(bytes));
    assertEquals(4 + 8 * dim, bytes.size());
    ScalarQuantizer back = ScalarQuantizer.read(FILE,
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(dim, back.dimension());
    for (int j = 0; j < dim; j++) {
      assertEquals(Float.floatToIntBits(sq.offset(j)), Float.floatToIntBits(back.offset(j)));
      assertEquals(Float.floatToIntBits(sq.scale(j)), Float.floatToIntBits(back.scale(j)));
    }
    assertArrayEquals(codes(sq, data, 300), codes(back, data, 300));
    assertEquals(sq.ramBytesUsed(), back.ramBytesUsed());
    assertTrue(sq.ramBytesUsed() >= 3 * 4 * dim);
  }

  @Test
  void read_corruptValues() throws IOException {
    assertEquals("quantizer dimension -1 is out of range [1, 65536] (file: q.bin)",
        assertThrows(CorruptFileException.class, () -> read(-1)).getMessage());
    assertEquals("quantizer dimension 0 is out of range [1, 65536] (file: q.bin)",
        assertThrows(CorruptFileException.class, () -> read(0)).getMessage());
    assertEquals("quantizer offset 1 is NaN (file: q.bin)",
        assertThrows(CorruptFileException.class, () -> read(2, 0f, Float.NaN, 1f, 1f))
            .getMessage());
    assertEquals("quantizer step 0 is -1.0 (file: q.bin)",
        assertThrows(CorruptFileException.class, () -> read(2, 0f, 0f, -1f, 1f)).getMessage());
    assertEquals("quantizer step 1 is Infinity (file: q.bin)",
        assertThrows(CorruptFileException.class,
            () -> read(2, 0f, 0f, 1f, Float.POSITIVE_INFINITY)).getMessage());
    assertEquals("quantizer step 1 is 1.4E-45 (file: q.bin)",
        assertThrows(CorruptFileException.class, () -> read(2, 0f, 0f, 1f, Float.MIN_VALUE))
            .getMessage());
    assertThrows(EOFException.class, () -> read(2, 0f, 0f, 1f));
    assertEquals(0f, read(2, 0f, 0f, 0f, 1f).scale(0));
  }

  private static ScalarQuantizer read(int dimension, float... values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(dimension);
    for (float v : values) {
      out.writeFloat(v);
    }
    return ScalarQuantizer.read(FILE,
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void badInput_namesTheValue() {
    float[] data = {1f, 2f, 3f, 4f, 5f, Float.NaN};
    assertEquals("data row 2, component 1 is NaN",
        assertThrows(IllegalArgumentException.class, () -> ScalarQuantizer.fit(data, 3, 2, 0))
            .getMessage());
    assertEquals("rows must be positive; rows=0",
        assertThrows(IllegalArgumentException.class, () -> ScalarQuantizer.fit(data, 0, 2, 0))
            .getMessage());
    assertEquals("dimension must be positive; dimension=0",
        assertThrows(IllegalArgumentException.class, () -> ScalarQuantizer.fit(data, 3, 0, 0))
            .getMessage());
    assertEquals("data holds 6 floats, fewer than rows * dimension = 4 * 2 = 8",
        assertThrows(IllegalArgumentException.class, () -> ScalarQuantizer.fit(data, 4, 2, 0))
            .getMessage());

    ScalarQuantizer sq = ScalarQuantizer.fit(data, 2, 2, 0);
    byte[] codes = new byte[4];
    assertEquals("component 1 of the vector at offset 4 is NaN",
        assertThrows(IllegalArgumentException.class, () -> sq.quantize(data, 4, codes, 0))
            .getMessage());
    assertEquals("src holds 6 values, too few for 2 from offset 5",
        assertThrows(IllegalArgumentException.class, () -> sq.quantize(data, 5, codes, 0))
            .getMessage());
    assertEquals("dst holds 4 values, too few for 2 from offset 3",
        assertThrows(IllegalArgumentException.class, () -> sq.quantize(data, 0, codes, 3))
            .getMessage());
    assertEquals("query has 3 components, expected the dimension 2",
        assertThrows(IllegalArgumentException.class,
            () -> sq.quantizeQuery(new float[3], codes)).getMessage());
    assertEquals("query component 1 is Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> sq.queryBias(new float[] {0f, Float.POSITIVE_INFINITY})).getMessage());
    assertEquals("query component 0 is NaN",
        assertThrows(IllegalArgumentException.class,
            () -> sq.maxAbsError(new float[] {Float.NaN, 0f})).getMessage());
    assertEquals("codesOut has length 1, shorter than the dimension 2",
        assertThrows(IllegalArgumentException.class,
            () -> sq.quantizeQuery(new float[2], new byte[1])).getMessage());
  }
}
