package io.github.vectorrecall.train;

import java.util.Arrays;

/**
 * The distinct rows of an id table that a batch reads, for lazy updates ({@link
 * TwoTowerConfig#lazyUserUpdates()}): the batch's ids are rewritten to index that short list, so
 * the step can gather those rows, train them as an array of their own and write them back,
 * instead of a gradient and an optimiser pass over every row of the table.
 *
 * <p>Used by the one thread that assembles batches.
 */
final class TableRows {
  /** The local index of a table row in the current batch, valid where {@link #stamp} is. */
  private final int[] local;
  private final int[] stamp;
  private int batch;

  /**
   * Creates the bookkeeping of one table.
   *
   * @param rows the table's row count
   */
  TableRows(int rows) {
    this.local = new int[rows];
    this.stamp = new int[rows];
  }

  /**
   * Rewrites every id (a table row) to its index among the batch's distinct rows, numbered in
   * order of first appearance.
   *
   * @param ids table rows, rewritten in place
   * @return the distinct table rows, where local index i reads row {@code result[i]}
   * @throws IllegalArgumentException if an id is not a row of the table, naming it
   */
  long[] remap(long[] ids) {
    batch++;
    long[] distinct = new long[ids.length];
    int count = 0;
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      if (id < 0 || id >= local.length) {
        throw new IllegalArgumentException("row " + id + " is outside the table's "
            + local.length + " rows");
      }
      int row = (int) id;
      if (stamp[row] != batch) {
        stamp[row] = batch;
        local[row] = count;
        distinct[count++] = row;
      }
      ids[i] = local[row];
    }
    return Arrays.copyOf(distinct, count);
  }
}
