package io.github.vectorrecall.hnsw.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distance kernels over vectors stored in arrays at offsets. {@link #INSTANCE} is chosen once at
 * start: the SIMD kernels of {@code jdk.incubator.vector} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, the scalar ones otherwise (same results within
 * float rounding; the int8 kernels, {@link #dotBytes} and its row variants, give the same integers
 * in both). The choice is logged, as Lucene's {@code VectorizationProvider} does.
 */
public abstract class Scorer {
  private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

  /** The kernels this JVM uses. */
  public static final Scorer INSTANCE = choose();

  /**
   * Dot product.
   *
   * @param a first array
   * @param offA offset of the first vector
   * @param b second array
   * @param offB offset of the second vector
   * @param dimension vector length
   * @return the dot product
   */
  public abstract float dot(float[] a, int offA, float[] b, int offB, int dimension);

  /**
   * Squared Euclidean distance.
   *
   * @param a first array
   * @param offA offset of the first vector
   * @param b second array
   * @param offB offset of the second vector
   * @param dimension vector length
   * @return the squared distance
   */
  public abstract float squareDistance(float[] a, int offA, float[] b, int offB, int dimension);

  /**
   * Dot products of a query with several rows of a row-major matrix: {@code out[i]} is the dot
   * product of {@code q} with row {@code rows[i]}, summed in the same order as {@link #dot} sums
   * it (so the same bits, wherever lanes are reduced in one fixed order, as on x86). The memory loads of the rows overlap rather than wait one after the other: the scalar
   * kernels load every row's cache lines first ({@link #touch}), the SIMD kernels score four rows
   * in one pass.
   *
   * @param q the query, {@code dimension} long, from offset 0
   * @param data the matrix, row {@code r} from offset {@code r * dimension}
   * @param rows the rows to score
   * @param n how many of {@code rows} to score
   * @param dimension vector length
   * @param out receives the scores, in the order of {@code rows}
   */
  public void dotRows(float[] q, float[] data, int[] rows, int n, int dimension, float[] out) {
    touch(data, rows, n, dimension);
    for (int i = 0; i < n; i++) {
      out[i] = dot(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  /**
   * Squared distances of a query to several rows of a row-major matrix, each bit for bit what
   * {@link #squareDistance} gives, the rows' memory loaded together first (see {@link #touch}).
   *
   * @param q the query, {@code dimension} long, from offset 0
   * @param data the matrix, row {@code r} from offset {@code r * dimension}
   * @param rows the rows to score
   * @param n how many of {@code rows} to score
   * @param dimension vector length
   * @param out receives the distances, in the order of {@code rows}
   */
  public void squareDistanceRows(float[] q, float[] data, int[] rows, int n, int dimension,
      float[] out) {
    touch(data, rows, n, dimension);
    for (int i = 0; i < n; i++) {
      out[i] = squareDistance(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  /**
   * Dot product of two vectors of signed bytes (int8 codes), exact: integer products summed in
   * {@code int}. Every implementation returns the same value (integer sums do not depend on their
   * order; a sum beyond the {@code int} range, possible only past 131,072 components, wraps the
   * same way in each).
   *
   * @param a first array
   * @param offA offset of the first vector
   * @param b second array
   * @param offB offset of the second vector
   * @param dimension vector length
   * @return the dot product
   */
  public abstract int dotBytes(byte[] a, int offA, byte[] b, int offB, int dimension);

  /**
   * Dot products of a byte query with scattered rows of a row-major byte matrix (the neighbours a
   * graph walk meets): {@code out[i]} is {@link #dotBytes} of {@code q} with row {@code rows[i]},
   * exactly.
   *
   * @param q the query, {@code dimension} long, from offset 0
   * @param data the matrix, row {@code r} from offset {@code r * dimension}
   * @param rows the rows to score
   * @param n how many of {@code rows} to score
   * @param dimension vector length
   * @param out receives the dot products, in the order of {@code rows}
   */
  public abstract void dotBytesRows(byte[] q, byte[] data, int[] rows, int n, int dimension,
      int[] out);

  /**
   * Dot products of a byte query with the contiguous rows {@code [fromRow, toRow)} of a row-major
   * byte matrix (an exact scan): {@code out[r - fromRow]} is {@link #dotBytes} of {@code q} with
   * row {@code r}, exactly.
   *
   * @param q the query, {@code dimension} long, from offset 0
   * @param data the matrix, row {@code r} from offset {@code r * dimension}
   * @param fromRow first row
   * @param toRow end of the rows (exclusive)
   * @param dimension vector length
   * @param out receives the dot products from index 0
   */
  public abstract void dotBytesRange(byte[] q, byte[] data, int fromRow, int toRow,
      int dimension, int[] out);

  /** Rows per block of the blocked byte layout ({@link #scoreBytesBlock}). */
  public static final int BYTE_BLOCK = 16;

  /**
   * Whether {@link #scoreBytesBlock} is faster than {@link #dotBytesRange} over the same rows:
   * true for SIMD kernels of 256 bits or more, which score a block's rows side by side, one
   * dimension at a time, with no sum across lanes per row. An index keeps the blocked copy of
   * its codes only then.
   *
   * @return true if a scan should use the blocked layout
   */
  public boolean blockedBytes() {
    return false;
  }

  /**
   * Dimensions up to which {@link #scoreBytesBlock} may sum in floats: every partial sum of
   * products of two codes (each at most 128 * 128 = 2^14 in magnitude) is then an integer of at
   * most 2^24 in magnitude, which a float holds exactly, so the float sums equal the int ones.
   */
  public static final int FLOAT_EXACT_DIMENSION = 1 << 10;

  /**
   * The int8 scores of the {@value #BYTE_BLOCK} rows of one block of the blocked byte layout,
   * where row {@code r}'s component {@code d} is at {@code (r / 16) * dimension * 16 + d * 16 +
   * r % 16}: the dot product with the query codes (exact), or with {@code norms}, {@code twoT *
   * dot - norms[r]} (the L2 score), computed as {@link Int8ExactScan} computes it for one row.
   *
   * @param q the query codes as floats (each a whole number in [-128, 127]), {@code dimension}
   *     long: a SIMD kernel broadcasts them from memory and multiplies in float lanes, exactly
   *     up to {@link #FLOAT_EXACT_DIMENSION} dimensions
   * @param blocked the codes in the blocked layout
   * @param block the block
   * @param dimension vector length
   * @param twoT the L2 score's factor (unused without norms)
   * @param norms the rows' squared norms for L2, at least {@code (block + 1) * 16} long, or null
   * @param bar the score to beat
   * @param out receives the 16 scores
   * @return a mask whose bit {@code i} is set when row {@code block * 16 + i} scores above
   *     {@code bar}
   */
  public int scoreBytesBlock(float[] q, byte[] blocked, int block, int dimension, float twoT,
      float[] norms, float bar, float[] out) {
    int[] dots = new int[BYTE_BLOCK];
    int base = block * dimension * BYTE_BLOCK;
    for (int d = 0; d < dimension; d++) {
      int x = (int) q[d];
      int at = base + d * BYTE_BLOCK;
      for (int i = 0; i < BYTE_BLOCK; i++) {
        dots[i] += x * blocked[at + i];
      }
    }
    int mask = 0;
    for (int i = 0; i < BYTE_BLOCK; i++) {
      float s = norms == null ? dots[i] : twoT * dots[i] - norms[block * BYTE_BLOCK + i];
      out[i] = s;
      if (s > bar) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /** Written only when the touched values combine to one exact bit pattern. */
  private static volatile int sink;

  /**
   * Loads every 16th float (64 bytes apart) of the rows, before any of them is scored: every
   * cache line a row touches but perhaps its last, as Java arrays are not aligned to lines.
   *
   * <p>The rows of a graph walk sit at random places in a matrix far larger than the caches, so
   * scoring them one after the other waits for memory row by row. These loads do not depend on
   * one another, so the CPU has all the rows' lines in flight at once, and the scoring that
   * follows finds them in cache: in a micro-benchmark of random 128-float rows out of 100,000,
   * 137 ns a row instead of 343, and on the reference data (K = 500, ef 800) scalar searches
   * took 40% less time. Java has no prefetch instruction; plain loads whose combined value is
   * used (below) are the portable equivalent.
   *
   * @param data the matrix
   * @param rows rows to load
   * @param n how many of {@code rows}
   * @param dimension row length
   */
  protected static void touch(float[] data, int[] rows, int n, int dimension) {
    // Combined with integer xor (one cycle) rather than float adds (four), so that the chain
    // that joins the loads never holds them back.
    int bits = 0;
    for (int i = 0; i < n; i++) {
      int offset = rows[i] * dimension;
      for (int k = 0; k < dimension; k += 16) {
        bits ^= Float.floatToRawIntBits(data[offset + k]);
      }
    }
    // Keeps the loads: the JIT cannot drop a value that a branch reads.
    if (bits == 0x7fc0_1234) {
      sink = bits;
    }
  }

  /**
   * The byte counterpart of {@link #touch(float[], int[], int, int)}: loads every 64th byte of
   * the rows before any is scored.
   *
   * @param data the matrix
   * @param rows rows to load
   * @param n how many of {@code rows}
   * @param dimension row length
   */
  protected static void touch(byte[] data, int[] rows, int n, int dimension) {
    int bits = 0;
    for (int i = 0; i < n; i++) {
      int offset = rows[i] * dimension;
      for (int k = 0; k < dimension; k += 64) {
        bits ^= data[offset + k];
      }
    }
    if (bits == 0x7fc0_1234) {
      sink = bits;
    }
  }

  /**
   * A short description for logs and reports.
   *
   * @return e.g. "scalar" or "Vector API, 256-bit"
   */
  public abstract String describe();

  /**
   * Whether these kernels are SIMD ones. The int8 kernels pay only then: scalar int8 is no
   * faster than scalar float (one integer multiply per cycle against two float ones), so an
   * index without SIMD kernels keeps its int8 codes for memory and forced modes only.
   *
   * @return true for the Vector API kernels
   */
  public boolean vectorized() {
    return false;
  }

  private static Scorer choose() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        Scorer s = (Scorer) Class.forName("io.github.vectorrecall.hnsw.internal.PanamaScorer")
            .getDeclaredConstructor().newInstance();
        LOG.info("Distance kernels: {}", s.describe());
        return s;
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.warn("jdk.incubator.vector is present but unusable ({}); using scalar kernels",
            e.toString());
      }
    } else {
      LOG.info("Distance kernels: scalar. Run the JVM with --add-modules jdk.incubator.vector "
          + "for SIMD kernels (about 2x faster distances on AVX2/AVX-512).");
    }
    return new ScalarScorer();
  }
}
