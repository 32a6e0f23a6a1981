package io.github.vectorrecall.hnsw.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distance kernels over vectors stored in arrays at offsets. {@link #INSTANCE} is chosen once at
 * start: the SIMD kernels of {@code jdk.incubator.vector} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, the scalar ones otherwise (same results within
 * float rounding). The choice is logged, as Lucene's {@code VectorizationProvider} does.
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
   * product of {@code q} with row {@code rows[i]}, bit for bit what {@link #dot} gives for that
   * row. The SIMD kernels score four rows in one pass, so that the memory loads of the four
   * rows are in flight together rather than one row after the other.
   *
   * @param q the query, {@code dimension} long, from offset 0
   * @param data the matrix, row {@code r} from offset {@code r * dimension}
   * @param rows the rows to score
   * @param n how many of {@code rows} to score
   * @param dimension vector length
   * @param out receives the scores, in the order of {@code rows}
   */
  public void dotRows(float[] q, float[] data, int[] rows, int n, int dimension, float[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = dot(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  /**
   * A short description for logs and reports.
   *
   * @return e.g. "scalar" or "Vector API, 256-bit"
   */
  public abstract String describe();

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
