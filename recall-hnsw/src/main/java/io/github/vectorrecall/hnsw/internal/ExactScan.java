package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;

/**
 * The exact scan every provider falls back on (and the {@code exact} index is): test the filter
 * first, as it costs less than a score, then score what passes and keep the {@code k} best.
 */
public final class ExactScan {
  private ExactScan() {}

  /**
   * The {@code k} best of rows {@code [from, to)} of a contiguous vector array.
   *
   * @param metric the metric
   * @param q the prepared query
   * @param data row-major vectors, {@code q.length} floats per row
   * @param ids the item id of each row
   * @param deleted removal marks per row, or null when no row is removed
   * @param from first row
   * @param to end of the rows (exclusive)
   * @param filter ids to keep, or null for all
   * @param k how many to keep
   * @return the best rows' ids and scores
   */
  public static TopKCollector rows(Metric metric, float[] q, float[] data, long[] ids,
      boolean[] deleted, int from, int to, IdFilter filter, int k) {
    return rows(metric, q, FloatRows.heap(data, q.length), ids, deleted, from, to, filter, k);
  }

  /**
   * {@link #rows(Metric, float[], float[], long[], boolean[], int, int, IdFilter, int)} on rows
   * on the heap or in a mapped file.
   *
   * @param metric the metric
   * @param q the prepared query
   * @param data the rows, {@code q.length} floats each
   * @param ids the item id of each row
   * @param deleted removal marks per row, or null when no row is removed
   * @param from first row
   * @param to end of the rows (exclusive)
   * @param filter ids to keep, or null for all
   * @param k how many to keep
   * @return the best rows' ids and scores
   */
  public static TopKCollector rows(Metric metric, float[] q, FloatRows data, long[] ids,
      boolean[] deleted, int from, int to, IdFilter filter, int k) {
    TopKCollector top = new TopKCollector(k);
    for (int row = from; row < to; row++) {
      if ((deleted == null || !deleted[row]) && (filter == null || filter.accept(ids[row]))) {
        float s = data.score(metric, q, row);
        if (s > top.threshold()) {
          top.offer(ids[row], s);
        }
      }
    }
    return top;
  }

  /**
   * Scores items kept one vector each (that passed the filter already) into {@code top}.
   *
   * @param top the collector
   * @param metric the metric
   * @param q the prepared query
   * @param ids item ids
   * @param vectors their vectors
   * @param n how many of the arrays to score
   */
  public static void vectors(TopKCollector top, Metric metric, float[] q, long[] ids,
      float[][] vectors, int n) {
    for (int i = 0; i < n; i++) {
      float s = Vectors.score(metric, q, 0, vectors[i], 0, q.length);
      if (s > top.threshold()) {
        top.offer(ids[i], s);
      }
    }
  }
}
