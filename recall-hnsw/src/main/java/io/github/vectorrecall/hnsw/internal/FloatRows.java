package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import java.util.Arrays;

/**
 * The float vectors of a graph by row: a heap array or a {@link MappedFloats} file. Final and
 * branching on which one it holds, so the heap path calls the kernels without a virtual call in
 * between; the mapped path copies each row it scores into a per-thread buffer first, which is
 * cheap for the few hundred rows a re-ranking reads, and slower than the heap for a float walk
 * or scan (those read the file at random, or all of it).
 */
public final class FloatRows {
  private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);
  /** Rows a mapped batch gathers at a time. */
  private static final int BLOCK = 64;
  private static final ThreadLocal<float[]> SCORES =
      ThreadLocal.withInitial(() -> new float[BLOCK]);
  /** Rows 0 to BLOCK - 1: the gathered block's rows. */
  private static final int[] IOTA = new int[BLOCK];

  static {
    for (int i = 0; i < BLOCK; i++) {
      IOTA[i] = i;
    }
  }

  /** The heap array, row-major; null for a mapped store. */
  final float[] heap;
  /** The mapped store; null for a heap array. */
  final MappedFloats mapped;
  final int dimension;

  private FloatRows(float[] heap, MappedFloats mapped, int dimension) {
    this.heap = heap;
    this.mapped = mapped;
    this.dimension = dimension;
  }

  /**
   * Rows in a heap array.
   *
   * @param data row-major vectors
   * @param dimension floats per row
   * @return the rows
   */
  public static FloatRows heap(float[] data, int dimension) {
    return new FloatRows(data, null, dimension);
  }

  /**
   * Rows in a mapped file.
   *
   * @param mapped the store
   * @param dimension floats per row, the store's
   * @return the rows
   */
  public static FloatRows mapped(MappedFloats mapped, int dimension) {
    return new FloatRows(null, mapped, dimension);
  }

  /** @return whether the rows are in a mapped file */
  public boolean isMapped() {
    return mapped != null;
  }

  /**
   * These rows with room for {@code capacity}: a longer copy of a heap array; a mapped store
   * grows by itself, so it is shared.
   *
   * @param capacity rows
   * @return rows with that room
   */
  FloatRows withCapacity(int capacity) {
    return mapped != null ? this
        : heap(Arrays.copyOf(heap, Math.multiplyExact(capacity, dimension)), dimension);
  }

  /**
   * Copies one row.
   *
   * @param row the row
   * @param dst target
   * @param offset where in the target
   */
  public void get(int row, float[] dst, int offset) {
    if (heap != null) {
      System.arraycopy(heap, row * dimension, dst, offset, dimension);
    } else {
      mapped.get(row, dst, offset);
    }
  }

  /**
   * Writes one row; by the graph's one writer (a heap array must have room).
   *
   * @param row the row
   * @param src source
   * @param offset where in the source
   */
  public void set(int row, float[] src, int offset) {
    if (heap != null) {
      System.arraycopy(src, offset, heap, row * dimension, dimension);
    } else {
      mapped.set(row, src, offset);
    }
  }

  /** A per-thread buffer of at least {@code floats}. */
  private static float[] buffer(int floats) {
    float[] b = BUFFER.get();
    if (b.length < floats) {
      b = new float[floats];
      BUFFER.set(b);
    }
    return b;
  }

  /**
   * The score of one row against a prepared query.
   *
   * @param metric the metric
   * @param q the query
   * @param row the row
   * @return higher-is-better score
   */
  public float score(Metric metric, float[] q, int row) {
    if (heap != null) {
      return Vectors.score(metric, q, 0, heap, row * dimension, dimension);
    }
    float[] b = buffer(dimension);
    mapped.get(row, b, 0);
    return Vectors.score(metric, q, 0, b, 0, dimension);
  }

  /**
   * The score of two rows against each other.
   *
   * @param metric the metric
   * @param a a row
   * @param b another row
   * @return higher-is-better score
   */
  public float score(Metric metric, int a, int b) {
    if (heap != null) {
      return Vectors.score(metric, heap, a * dimension, heap, b * dimension, dimension);
    }
    float[] buf = buffer(2 * dimension);
    mapped.get(a, buf, 0);
    mapped.get(b, buf, dimension);
    return Vectors.score(metric, buf, 0, buf, dimension, dimension);
  }

  /**
   * Scores several rows against a prepared query, each to the bit as {@link #score(Metric,
   * float[], int)} would (see {@link RowScorer#query(Metric, float[], float[], int[], int, int,
   * float[])}).
   *
   * @param metric the metric
   * @param q the query
   * @param rows the rows
   * @param n how many of them
   * @param out their scores
   */
  public void score(Metric metric, float[] q, int[] rows, int n, float[] out) {
    if (heap != null) {
      RowScorer.query(metric, q, heap, rows, n, dimension, out);
      return;
    }
    // Gathered a block at a time into one buffer and scored by the same kernel as the heap's.
    float[] b = buffer(BLOCK * dimension);
    for (int start = 0; start < n; start += BLOCK) {
      int m = Math.min(BLOCK, n - start);
      for (int i = 0; i < m; i++) {
        mapped.get(rows[start + i], b, i * dimension);
      }
      float[] scores = SCORES.get();
      RowScorer.query(metric, q, b, IOTA, m, dimension, scores);
      System.arraycopy(scores, 0, out, start, m);
    }
  }

  /**
   * Copies rows {@code [0, rows)} into one heap array.
   *
   * @param rows how many
   * @return row-major copy
   */
  float[] copy(int rows) {
    if (heap != null) {
      return Arrays.copyOf(heap, rows * dimension);
    }
    float[] out = new float[Math.multiplyExact(rows, dimension)];
    for (int row = 0; row < rows; row++) {
      mapped.get(row, out, row * dimension);
    }
    return out;
  }

  /**
   * Heap held: the array, or the mapped store's bookkeeping.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    return heap != null ? 4L * heap.length : mapped.ramBytesUsed();
  }

  /** Closes a mapped store (see {@link MappedFloats#close}); nothing for a heap array. */
  public void close() {
    if (mapped != null) {
      mapped.close();
    }
  }
}
