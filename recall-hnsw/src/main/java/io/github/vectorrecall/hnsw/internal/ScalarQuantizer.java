package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.CorruptFileException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Int8 scalar quantisation of item vectors, one offset and one step per dimension, fitted on the
 * items with the outliers clipped (the scheme of Lucene's {@code ScalarQuantizer}, written here
 * for this project's kernels).
 *
 * <p><b>Items.</b> For each dimension {@code j}, {@link #fit} takes {@code lo_j} and {@code
 * hi_j} at the quantiles {@code (1 - c) / 2} and {@code (1 + c) / 2} of a sample of the items,
 * with the confidence {@code c = max(0.9, 1 - 1 / (dimension + 1))} ({@link #confidence}): a
 * few extreme values per dimension are clipped so that the rest get finer steps. The offset is
 * {@code o_j = (lo_j + hi_j) / 2}, the step {@code s_j = (hi_j - lo_j) / 254}, and an item
 * component {@code x_j} becomes the code {@code c_j = clamp(round((x_j - o_j) / s_j), -127, 127)},
 * so that {@code x_j ≈ o_j + s_j c_j}, within {@code s_j / 2} for values inside {@code [lo_j,
 * hi_j]}. A dimension whose sample holds one value ({@code lo_j == hi_j}) gets the step 0 and
 * every code 0: it is rebuilt as {@code o_j}, exactly for the values seen.
 *
 * <p><b>Queries.</b> A query keeps its float values until it is scored: with {@code q'_j = q_j
 * s_j}, {@code q·x ≈ Σ q_j o_j + Σ q'_j c_j}. The first sum, the query bias ({@link
 * #queryBias}), is the same for every item. For the second, {@link #quantizeQuery} rounds
 * {@code q'} to codes {@code qc_j = round(q'_j / t)} on one scale {@code t = max_j |q'_j| / 127}
 * and returns {@code t}, so that
 *
 * <pre>   q·x ≈ queryBias(q) + t * Scorer.dotBytes(qc, c)</pre>
 *
 * with an exact integer dot product. Both codes stay within [-127, 127], so every product fits a
 * short in the SIMD kernels. Ranking items for one query needs neither the bias (a constant)
 * nor {@code t} (a positive factor) unless another per-item term is added, as {@code -‖x‖²} for
 * L2.
 *
 * <p><b>Error.</b> For an item whose components all lie within their fitted ranges, {@code |q·x
 * - approximation| <= (Σ_j |q'_j| + dimension · max_j |q'_j|) / 2} ({@link #maxAbsError}), plus
 * float rounding: the item's rounding moves each {@code q_j x_j} by at most {@code |q_j| s_j /
 * 2}, the query's rounding each {@code q'_j c_j} by at most {@code t / 2 · 127}. It is a worst
 * case; the rounding errors are independent and of both signs, and on clustered unit vectors of
 * 64 and 128 dimensions the root-mean-square error of the items within range was 30 to 50 times
 * below it (about 0.001). A clipped component adds {@code |q_j|} times the distance by which it
 * was clipped; there, the items with one (about 60% of them) had an rms error of 0.003 to 0.006.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScalarQuantizer {
  /** The most item rows {@link #fit} reads: a random sample of them beyond this. */
  public static final int SAMPLE_ROWS = 20_000;

  /** The largest code magnitude: codes lie in {@code [-MAX_CODE, MAX_CODE]}. */
  public static final int MAX_CODE = 127;

  /** The largest dimension {@link #read} accepts, as the index files do. */
  private static final int MAX_DIMENSION = 1 << 16;

  private final float[] offsets;
  private final float[] scales;
  /** {@code 1 / scales[j]}, or 0 for a dimension of step 0 (whose codes are all 0). */
  private final float[] inverseScales;

  private ScalarQuantizer(float[] offsets, float[] scales) {
    this.offsets = offsets;
    this.scales = scales;
    this.inverseScales = new float[scales.length];
    for (int j = 0; j < scales.length; j++) {
      inverseScales[j] = scales[j] == 0f ? 0f : 1f / scales[j];
    }
  }

  /**
   * The share of the values of a dimension kept unclipped by {@link #fit}: {@code max(0.9, 1 - 1
   * / (dimension + 1))}, the default of Lucene's {@code ScalarQuantizer}. Higher dimensions
   * clip less, as each component carries less of a dot product.
   *
   * @param dimension vector length, positive
   * @return the confidence, in [0.9, 1)
   * @throws IllegalArgumentException if the dimension is not positive
   */
  public static double confidence(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
    return Math.max(0.9, 1 - 1.0 / (dimension + 1));
  }

  /**
   * Fits a quantizer on item vectors: on all rows when there are at most {@link #SAMPLE_ROWS},
   * else on that many rows drawn at random with the seed (the same data and seed give the same
   * quantizer).
   *
   * @param data row-major item vectors, {@code dimension} floats per row, from offset 0
   * @param rows how many rows of {@code data} are items
   * @param dimension vector length
   * @param seed seed of the row sample
   * @return the quantizer
   * @throws IllegalArgumentException if {@code rows} or {@code dimension} is not positive, if
   *     {@code data} holds fewer than {@code rows * dimension} floats, or if a sampled value is
   *     NaN or infinite
   */
  public static ScalarQuantizer fit(float[] data, int rows, int dimension, long seed) {
    Objects.requireNonNull(data, "data");
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive; rows=" + rows);
    }
    double confidence = confidence(dimension);
    if ((long) rows * dimension > data.length) {
      throw new IllegalArgumentException("data holds " + data.length + " floats, fewer than rows"
          + " * dimension = " + rows + " * " + dimension + " = " + (long) rows * dimension);
    }
    int[] sample = sampleRows(rows, Math.min(rows, SAMPLE_ROWS), seed);
    int m = sample.length;
    double lowQuantile = (1 - confidence) / 2;
    double highQuantile = (1 + confidence) / 2;
    float[] column = new float[m];
    float[] offsets = new float[dimension];
    float[] scales = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      for (int i = 0; i < m; i++) {
        float x = data[sample[i] * dimension + j];
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException(
              "data row " + sample[i] + ", component " + j + " is " + x);
        }
        column[i] = x;
      }
      Arrays.sort(column);
      double lo = quantile(column, lowQuantile);
      double hi = quantile(column, highQuantile);
      offsets[j] = (float) ((lo + hi) / 2);
      float scale = (float) ((hi - lo) / (2 * MAX_CODE));
      // A step so small that its inverse overflows (a nearly constant dimension) is treated as
      // a constant one: the values differ by less than 1e-36 and no query can tell them apart.
      scales[j] = Float.isFinite(1f / scale) ? scale : 0f;
    }
    return new ScalarQuantizer(offsets, scales);
  }

  /**
   * {@link #fit(float[], int, int, long)} on rows that may be in a mapped file: copies only the
   * sampled rows to the heap, and fits the same quantizer as on a heap array of the same rows.
   *
   * @param data the rows
   * @param rows how many of them are items
   * @param seed seed of the row sample
   * @return the quantizer
   * @throws IllegalArgumentException as {@link #fit(float[], int, int, long)}
   */
  public static ScalarQuantizer fit(FloatRows data, int rows, long seed) {
    Objects.requireNonNull(data, "data");
    if (!data.isMapped()) {
      return fit(data.heap, rows, data.dimension, seed);
    }
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive; rows=" + rows);
    }
    int dimension = data.dimension;
    int[] sample = sampleRows(rows, Math.min(rows, SAMPLE_ROWS), seed);
    float[] copy = new float[Math.multiplyExact(sample.length, dimension)];
    for (int i = 0; i < sample.length; i++) {
      data.get(sample[i], copy, i * dimension);
    }
    return fit(copy, sample.length, dimension, seed); // at most SAMPLE_ROWS: all, in order
  }

  /**
   * {@code m} distinct rows out of {@code rows}, ascending (for memory order), drawn with the
   * seed by reservoir sampling; all rows when {@code m == rows}.
   */
  private static int[] sampleRows(int rows, int m, long seed) {
    int[] sample = new int[m];
    for (int i = 0; i < m; i++) {
      sample[i] = i;
    }
    if (m < rows) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = m; i < rows; i++) {
        int j = random.nextInt(i + 1);
        if (j < m) {
          sample[j] = i;
        }
      }
      Arrays.sort(sample);
    }
    return sample;
  }

  /** The quantile {@code p} of sorted values, linearly interpolated between neighbours. */
  private static double quantile(float[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int i = (int) position;
    if (i + 1 >= sorted.length) {
      return sorted[sorted.length - 1];
    }
    double fraction = position - i;
    return sorted[i] + fraction * ((double) sorted[i + 1] - sorted[i]);
  }

  /**
   * Vector length.
   *
   * @return the dimension
   */
  public int dimension() {
    return offsets.length;
  }

  /**
   * The offset {@code o_j} of a dimension: the middle of its fitted range.
   *
   * @param j the dimension index
   * @return the offset
   */
  public float offset(int j) {
    return offsets[j];
  }

  /**
   * The step {@code s_j} of a dimension: its fitted range over 254, or 0 for a dimension that
   * held one value.
   *
   * @param j the dimension index
   * @return the step, at least 0
   */
  public float scale(int j) {
    return scales[j];
  }

  /**
   * Quantises one item vector to {@link #dimension()} codes in [-127, 127].
   *
   * @param src the array holding the vector
   * @param srcOff offset of the vector in {@code src}
   * @param dst the array receiving the codes
   * @param dstOff offset of the codes in {@code dst}
   * @throws IllegalArgumentException if either array is shorter than its offset plus the
   *     dimension, or a component is NaN or infinite
   */
  public void quantize(float[] src, int srcOff, byte[] dst, int dstOff) {
    int dimension = offsets.length;
    checkRange("src", src.length, srcOff, dimension);
    checkRange("dst", dst.length, dstOff, dimension);
    for (int j = 0; j < dimension; j++) {
      float x = src[srcOff + j];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(
            "component " + j + " of the vector at offset " + srcOff + " is " + x);
      }
    }
    for (int j = 0; j < dimension; j++) {
      // A step of 0 has the inverse 0: the code is 0 (also for a NaN product of 0 and an
      // overflowed difference, which Math.round takes to 0).
      int code = Math.round((src[srcOff + j] - offsets[j]) * inverseScales[j]);
      dst[dstOff + j] = (byte) Math.max(-MAX_CODE, Math.min(MAX_CODE, code));
    }
  }

  private static void checkRange(String name, int length, int offset, int dimension) {
    if (offset < 0 || offset > length - dimension) {
      throw new IllegalArgumentException(name + " holds " + length + " values, too few for "
          + dimension + " from offset " + offset);
    }
  }

  /**
   * Quantises a query for {@link Scorer#dotBytes} against item codes: writes {@code qc_j =
   * round(q_j s_j / t)} and returns {@code t = max_j |q_j s_j| / 127}, so that {@code q·x ≈
   * queryBias(q) + t * dotBytes(qc, c)}. Allocates nothing: the caller owns the code buffer and
   * may reuse it from query to query.
   *
   * @param q the query (normalised already for cosine), {@link #dimension()} long
   * @param codesOut receives the codes from index 0; at least {@link #dimension()} long
   * @return the query scale {@code t}, at least 0 (0 for a query that is 0 wherever a step is
   *     not, whose codes are all 0)
   * @throws IllegalArgumentException if the query's length is not the dimension, a component is
   *     NaN or infinite, or {@code codesOut} is too short
   */
  public float quantizeQuery(float[] q, byte[] codesOut) {
    checkQuery(q);
    int dimension = offsets.length;
    if (codesOut.length < dimension) {
      throw new IllegalArgumentException("codesOut has length " + codesOut.length
          + ", shorter than the dimension " + dimension);
    }
    float max = 0f;
    for (int j = 0; j < dimension; j++) {
      max = Math.max(max, Math.abs(q[j] * scales[j]));
    }
    if (max == 0f) {
      Arrays.fill(codesOut, 0, dimension, (byte) 0);
      return 0f;
    }
    if (max == Float.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("the query times the steps overflows a float; "
          + "largest query component " + maxAbs(q));
    }
    float inverse = MAX_CODE / max;
    for (int j = 0; j < dimension; j++) {
      int code = Math.round(q[j] * scales[j] * inverse);
      codesOut[j] = (byte) Math.max(-MAX_CODE, Math.min(MAX_CODE, code));
    }
    return max / MAX_CODE;
  }

  /**
   * The query bias {@code Σ_j q_j o_j} (summed in double), the part of every approximate dot
   * product that does not depend on the item.
   *
   * @param q the query, {@link #dimension()} long
   * @return the bias
   * @throws IllegalArgumentException if the query's length is not the dimension or a component
   *     is NaN or infinite
   */
  public float queryBias(float[] q) {
    checkQuery(q);
    double bias = 0;
    for (int j = 0; j < offsets.length; j++) {
      bias += (double) q[j] * offsets[j];
    }
    return (float) bias;
  }

  /**
   * The worst-case error of the approximate dot product ({@code queryBias(q) + t *
   * dotBytes(qc, c)}) of this query with any item whose components lie within their fitted
   * ranges: {@code (Σ_j |q_j s_j| + dimension · max_j |q_j s_j|) / 2}, not counting float
   * rounding (see the class documentation). The typical error is far smaller.
   *
   * @param q the query, {@link #dimension()} long
   * @return the bound, at least 0
   * @throws IllegalArgumentException if the query's length is not the dimension or a component
   *     is NaN or infinite
   */
  public float maxAbsError(float[] q) {
    checkQuery(q);
    double sum = 0;
    double max = 0;
    for (int j = 0; j < offsets.length; j++) {
      double scaled = Math.abs((double) q[j] * scales[j]);
      sum += scaled;
      max = Math.max(max, scaled);
    }
    return (float) ((sum + offsets.length * max) / 2);
  }

  private void checkQuery(float[] q) {
    if (q.length != offsets.length) {
      throw new IllegalArgumentException(
          "query has " + q.length + " components, expected the dimension " + offsets.length);
    }
    for (int j = 0; j < q.length; j++) {
      if (!Float.isFinite(q[j])) {
        throw new IllegalArgumentException("query component " + j + " is " + q[j]);
      }
    }
  }

  private static float maxAbs(float[] v) {
    float max = 0f;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }

  /**
   * Writes the dimension, the offsets and the steps (4 + 8 · dimension bytes, big-endian). The
   * caller's file supplies the header, version and checksum.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(DataOutput out) throws IOException {
    out.writeInt(offsets.length);
    for (float o : offsets) {
      out.writeFloat(o);
    }
    for (float s : scales) {
      out.writeFloat(s);
    }
  }

  /**
   * Reads a quantizer written by {@link #write}.
   *
   * @param path the file, for messages
   * @param in the stream, positioned where {@link #write} began
   * @return the quantizer
   * @throws IOException if reading fails or the stream ends early
   * @throws CorruptFileException if the dimension is out of range, an offset is not finite or a
   *     step is negative, not finite or has no finite inverse
   */
  public static ScalarQuantizer read(Path path, DataInput in) throws IOException {
    int dimension = in.readInt();
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new CorruptFileException(path, "quantizer dimension " + dimension
          + " is out of range [1, " + MAX_DIMENSION + "]");
    }
    float[] offsets = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      offsets[j] = in.readFloat();
      if (!Float.isFinite(offsets[j])) {
        throw new CorruptFileException(path, "quantizer offset " + j + " is " + offsets[j]);
      }
    }
    float[] scales = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      float s = in.readFloat();
      if (!(s >= 0f) || !Float.isFinite(s) || s != 0f && !Float.isFinite(1f / s)) {
        throw new CorruptFileException(path, "quantizer step " + j + " is " + s);
      }
      scales[j] = s;
    }
    return new ScalarQuantizer(offsets, scales);
  }

  /**
   * Heap held by this quantizer: its three arrays of {@link #dimension()} floats.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    return 24L + 3 * (16L + 4L * offsets.length);
  }

  @Override
  public String toString() {
    return "ScalarQuantizer[dimension=" + offsets.length + "]";
  }
}
