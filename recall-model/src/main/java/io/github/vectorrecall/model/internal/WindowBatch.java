package io.github.vectorrecall.model.internal;

/**
 * Flat inputs that pool the behaviour sequence of many targets in one pass: windows of
 * consecutive targets of one user's sequence, each with the items their histories read (its
 * context), and for every (target, context item) pair the item's recency rank in that target's
 * history. Target slot {@code j} of window {@code w} pools the context items whose {@link #mask}
 * is 1, weighted by their {@link #rank}, exactly as the user tower pools a history of at most
 * {@code maxHistory} items one user at a time (rank 0 the most recent).
 *
 * <p>Arrays are row-major: context {@code [windows][context]}, rank and mask {@code
 * [windows][width][context]}.
 */
public final class WindowBatch {
  /** Windows in the batch. */
  public final int windows;
  /** Target slots per window (the longest window of the batch). */
  public final int width;
  /** Context items per window (the longest context of the batch). */
  public final int context;
  /** Item rows of each window's context, 0 where padded. */
  public final long[] contextRows;
  /** Recency rank of each context item in each target's history (0 where masked). */
  public final long[] rank;
  /** 1 where a context item is in a target slot's history, else 0. */
  public final float[] mask;
  /** The flat slot ({@code window * width + j}) of each target of the batch, in batch order. */
  public final long[] slots;

  /**
   * Allocates a batch, every rank and mask 0.
   *
   * @param windows windows
   * @param width target slots per window
   * @param context context items per window
   * @param targets targets of the batch
   * @throws IllegalArgumentException if a size is not positive or the targets do not fit
   */
  public WindowBatch(int windows, int width, int context, int targets) {
    if (windows <= 0 || width <= 0 || context <= 0 || targets <= 0
        || (long) windows * width < targets) {
      throw new IllegalArgumentException("windows=" + windows + ", width=" + width
          + ", context=" + context + ", targets=" + targets);
    }
    this.windows = windows;
    this.width = width;
    this.context = context;
    this.contextRows = new long[windows * context];
    this.rank = new long[Math.multiplyExact(windows * width, context)];
    this.mask = new float[rank.length];
    this.slots = new long[targets];
  }
}
