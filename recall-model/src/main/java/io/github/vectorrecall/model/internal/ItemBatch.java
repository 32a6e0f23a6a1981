package io.github.vectorrecall.model.internal;

/** Flat, row-major inputs of the item tower for a batch. Reused across batches of equal size. */
public final class ItemBatch {
  /** Batch size. */
  public final int size;
  /** Item-id rows (0: unknown item). */
  public final long[] idRows;
  /** Categorical rows, {@code size * fields}. */
  public final long[] catRows;
  /** Tag rows, {@code size * maxTags}, 0 where padded. */
  public final long[] tags;
  /** 1 for a real tag, 0 for padding. */
  public final float[] tagMask;
  /** Dense values, {@code size * denseFields}. */
  public final float[] dense;

  /**
   * Allocates a batch.
   *
   * @param size items
   * @param spec the model layout
   */
  public ItemBatch(int size, ModelSpec spec) {
    this.size = size;
    this.idRows = new long[size];
    this.catRows = new long[size * spec.itemCatFields()];
    this.tags = new long[size * spec.maxTags()];
    this.tagMask = new float[size * spec.maxTags()];
    this.dense = new float[size * spec.itemDenseFields()];
  }
}
