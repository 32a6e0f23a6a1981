package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact scan in two passes: every row is scored on its int8 codes ({@link ScalarQuantizer},
 * {@link Scorer#dotBytesRange}, a quarter of the memory of the floats), the best {@code
 * ceil(k * oversample)} are kept, and only those are scored again on their float vectors, of
 * which the {@code k} best are returned with their float scores. The result is that of {@link
 * ExactScan#rows} whenever the float top {@code k} is among the int8 candidates; the larger the
 * oversampling, the likelier.
 *
 * <p>The int8 score of a row ranks as the metric does: the integer dot product {@code
 * dotBytes(qc, c)} for inner product and cosine (the query bias and scale are the same for
 * every row), and {@code 2 t dotBytes(qc, c) - ‖x‖²} for L2, since {@code -‖q - x‖² = 2 q·x -
 * ‖x‖² - ‖q‖²}; that needs each row's squared norm, exact, from the caller ({@link
 * #squaredNorms}).
 *
 * <p>The removal marks and the filter are tested only for rows whose int8 score would enter the
 * candidates, after the score: a block of rows is scored at once, and a filter call costs more
 * than an int8 score.
 */
public final class Int8ExactScan {
  /** Rows scored per call of {@link Scorer#dotBytesRange}. */
  static final int BLOCK_ROWS = 256;

  private Int8ExactScan() {}

  /**
   * The {@code k} best of rows {@code [from, to)}, found on the int8 codes and re-ranked on the
   * float vectors; the same arguments as {@link ExactScan#rows} (the first nine) and the int8
   * side. Safe for several threads at once over distinct or the same rows.
   *
   * @param metric the metric
   * @param q the prepared query (normalised for cosine), {@code quantizer.dimension()} long
   * @param data row-major float vectors, {@code q.length} floats per row
   * @param ids the item id of each row
   * @param deleted removal marks per row, or null when no row is removed
   * @param from first row
   * @param to end of the rows (exclusive)
   * @param filter ids to keep, or null for all
   * @param k how many to keep
   * @param quantizer the quantizer that made {@code codes}
   * @param codes row-major codes of the rows, {@code q.length} bytes per row
   * @param squaredNorms the squared norm of each row's float vector for {@link Metric#L2} (see
   *     {@link #squaredNorms}), ignored (may be null) for the other metrics
   * @param oversample how many int8 candidates per result to re-rank, at least 1
   * @return the best rows' ids with their float scores
   * @throws IllegalArgumentException if the query's length is not the quantizer's dimension,
   *     {@code k} is not positive, {@code oversample} is below 1 or not finite, or {@code codes}
   *     or (for L2) {@code squaredNorms} is too short for the rows
   * @throws NullPointerException if {@code squaredNorms} is null for L2
   */
  public static TopKCollector rows(Metric metric, float[] q, float[] data, long[] ids,
      boolean[] deleted, int from, int to, IdFilter filter, int k, ScalarQuantizer quantizer,
      byte[] codes, float[] squaredNorms, float oversample) {
    return rows(metric, q, FloatRows.heap(data, quantizer.dimension()), ids, deleted, from, to,
        filter, k, quantizer, codes, null, squaredNorms, oversample);
  }

  /**
   * {@link #rows(Metric, float[], float[], long[], boolean[], int, int, IdFilter, int,
   * ScalarQuantizer, byte[], float[], float)} scoring the codes in the blocked layout of {@link
   * Scorer#scoreBytesBlock} when {@code blocked} is not null: the same result.
   *
   * @param metric the metric
   * @param q the prepared query
   * @param data row-major float vectors
   * @param ids the item id of each row
   * @param deleted removal marks per row, or null when no row is removed
   * @param from first row
   * @param to end of the rows (exclusive)
   * @param filter ids to keep, or null for all
   * @param k how many to keep
   * @param quantizer the quantizer that made {@code codes}
   * @param codes row-major codes of the rows
   * @param blocked the same codes in the blocked layout, or null
   * @param squaredNorms squared norms for L2 (a whole number of blocks long with {@code
   *     blocked}), else ignored
   * @param oversample how many int8 candidates per result to re-rank, at least 1
   * @return the best rows' ids with their float scores
   */
  public static TopKCollector rows(Metric metric, float[] q, float[] data, long[] ids,
      boolean[] deleted, int from, int to, IdFilter filter, int k, ScalarQuantizer quantizer,
      byte[] codes, byte[] blocked, float[] squaredNorms, float oversample) {
    return rows(metric, q, FloatRows.heap(data, quantizer.dimension()), ids, deleted, from, to,
        filter, k, quantizer, codes, blocked, squaredNorms, oversample);
  }

  /**
   * {@link #rows(Metric, float[], float[], long[], boolean[], int, int, IdFilter, int,
   * ScalarQuantizer, byte[], float[], float)} re-ranking on float rows on the heap or in a
   * mapped file (only the re-ranked candidates are read).
   *
   * @param metric the metric
   * @param q the prepared query
   * @param data the float rows
   * @param ids the item id of each row
   * @param deleted removal marks per row, or null when no row is removed
   * @param from first row
   * @param to end of the rows (exclusive)
   * @param filter ids to keep, or null for all
   * @param k how many to keep
   * @param quantizer the quantizer that made {@code codes}
   * @param codes row-major codes of the rows
   * @param blocked the same codes in the blocked layout of {@link Scorer#scoreBytesBlock}
   *     (scored instead of {@code codes}), or null
   * @param squaredNorms squared norms for L2, else ignored
   * @param oversample how many int8 candidates per result to re-rank, at least 1
   * @return the best rows' ids with their float scores
   * @throws IllegalArgumentException as the heap version
   * @throws NullPointerException if {@code squaredNorms} is null for L2
   */
  public static TopKCollector rows(Metric metric, float[] q, FloatRows data, long[] ids,
      boolean[] deleted, int from, int to, IdFilter filter, int k, ScalarQuantizer quantizer,
      byte[] codes, byte[] blocked, float[] squaredNorms, float oversample) {
    int dimension = quantizer.dimension();
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
    if (!(oversample >= 1f) || oversample == Float.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "oversample must be at least 1 and finite; oversample=" + oversample);
    }
    if ((long) to * dimension > codes.length) {
      throw new IllegalArgumentException("codes hold " + codes.length + " bytes, too few for "
          + to + " rows of " + dimension);
    }
    boolean l2 = metric == Metric.L2;
    if (l2) {
      Objects.requireNonNull(squaredNorms, "squaredNorms (needed for L2)");
      if (squaredNorms.length < to) {
        throw new IllegalArgumentException("squaredNorms holds " + squaredNorms.length
            + " values, too few for " + to + " rows");
      }
    }
    if (blocked != null) {
      long blockRows = ((long) to + Scorer.BYTE_BLOCK - 1) / Scorer.BYTE_BLOCK * Scorer.BYTE_BLOCK;
      if (blockRows * dimension > blocked.length || (l2 && blockRows > squaredNorms.length)) {
        throw new IllegalArgumentException("blocked codes (" + blocked.length + " bytes) or "
            + "squared norms too short for " + to + " rows in whole blocks of "
            + Scorer.BYTE_BLOCK);
      }
    }
    byte[] qc = new byte[dimension];
    float twoT = 2 * quantizer.quantizeQuery(q, qc);
    TopKCollector top = new TopKCollector(k);
    if (from >= to) {
      return top;
    }
    int capacity = (int) Math.min(to - from, Math.ceil((double) k * oversample));
    ScanCandidates candidates = new ScanCandidates(capacity);
    if (blocked != null) {
      scanBlocked(qc, blocked, l2 ? squaredNorms : null, twoT, dimension, ids, deleted, from, to,
          filter, candidates);
    } else {
      scanRows(qc, codes, l2 ? squaredNorms : null, twoT, dimension, ids, deleted, from, to,
          filter, candidates);
    }
    int[] rows = candidates.rows();
    int n = rows.length;
    // In row order: memory order, and the order in which ExactScan offers rows, so that ties
    // resolve as there.
    Arrays.sort(rows);
    float[] scores = new float[n];
    data.score(metric, q, rows, n, scores);
    for (int i = 0; i < n; i++) {
      if (scores[i] > top.threshold()) {
        top.offer(ids[rows[i]], scores[i]);
      }
    }
    return top;
  }

  /** Scores rows [from, to) from row-major codes into the candidates, in row order. */
  private static void scanRows(byte[] qc, byte[] codes, float[] norms, float twoT, int dimension,
      long[] ids, boolean[] deleted, int from, int to, IdFilter filter,
      ScanCandidates candidates) {
    int[] block = new int[Math.min(BLOCK_ROWS, to - from)];
    Scorer scorer = Scorer.INSTANCE;
    for (int start = from; start < to; start += BLOCK_ROWS) {
      int end = Math.min(to, start + BLOCK_ROWS);
      scorer.dotBytesRange(qc, codes, start, end, dimension, block);
      for (int row = start; row < end; row++) {
        int dot = block[row - start];
        float s = norms != null ? twoT * dot - norms[row] : dot;
        offer(candidates, s, row, ids, deleted, filter);
      }
    }
  }

  /**
   * Scores rows [from, to) from the blocked codes into the candidates, in row order, as {@link
   * #scanRows} does: the kernel scores 16 rows at once and says which beat the bar as it stood
   * at the block's start, and only those are offered (and tested against the bar again).
   */
  private static void scanBlocked(byte[] qc, byte[] blocked, float[] norms, float twoT,
      int dimension, long[] ids, boolean[] deleted, int from, int to, IdFilter filter,
      ScanCandidates candidates) {
    Scorer scorer = Scorer.INSTANCE;
    int size = Scorer.BYTE_BLOCK;
    float[] scores = new float[size];
    float[] qf = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      qf[d] = qc[d];
    }
    for (int b = from / size, end = (to + size - 1) / size; b < end; b++) {
      int first = b * size;
      int mask = scorer.scoreBytesBlock(qf, blocked, b, dimension, twoT, norms,
          candidates.bar(), scores);
      if (first < from) {
        mask &= -1 << (from - first);
      }
      if (first + size > to) {
        mask &= (1 << (to - first)) - 1;
      }
      while (mask != 0) {
        int lane = Integer.numberOfTrailingZeros(mask);
        mask &= mask - 1;
        offer(candidates, scores[lane], first + lane, ids, deleted, filter);
      }
    }
  }

  /**
   * Offers a row's int8 score: kept when it beats the bar and the row is live and passes the
   * filter (tested only then: a filter costs more than a score).
   */
  private static void offer(ScanCandidates candidates, float s, int row, long[] ids,
      boolean[] deleted, IdFilter filter) {
    if (s > candidates.bar() && (deleted == null || !deleted[row])
        && (filter == null || filter.accept(ids[row]))) {
      candidates.offer(s, row);
    }
  }

  /**
   * The squared norm of each row, what {@link #rows} needs for L2, summed as {@link
   * Scorer#dot} sums it.
   *
   * @param data row-major vectors
   * @param rows how many rows
   * @param dimension row length
   * @return {@code rows} squared norms
   */
  public static float[] squaredNorms(float[] data, int rows, int dimension) {
    float[] norms = new float[rows];
    for (int row = 0; row < rows; row++) {
      int offset = row * dimension;
      norms[row] = Scorer.INSTANCE.dot(data, offset, data, offset, dimension);
    }
    return norms;
  }
}
