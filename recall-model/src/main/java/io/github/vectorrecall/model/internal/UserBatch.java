package io.github.vectorrecall.model.internal;

/**
 * Flat, row-major inputs of the user tower for a batch: the id row, categorical rows, dense
 * values and the padded behaviour sequence with its mask. Reused across batches of equal size.
 */
public final class UserBatch {
  /** Batch size. */
  public final int size;
  /** User-id rows, one per user (0: unknown user). */
  public final long[] idRows;
  /** Categorical rows, {@code size * fields}. */
  public final long[] catRows;
  /** Dense values, {@code size * denseFields}. */
  public final float[] dense;
  /** Item rows of the behaviour sequence, {@code size * maxHistory}, 0 where padded. */
  public final long[] history;
  /** 1 for a real sequence position, 0 for padding; {@code size * maxHistory}. */
  public final float[] historyMask;

  /**
   * Allocates a batch.
   *
   * @param size users
   * @param spec the model layout
   */
  public UserBatch(int size, ModelSpec spec) {
    this.size = size;
    this.idRows = new long[size];
    this.catRows = new long[size * spec.userCatFields()];
    this.dense = new float[size * spec.userDenseFields()];
    this.history = new long[size * spec.maxHistory()];
    this.historyMask = new float[size * spec.maxHistory()];
  }
}
