package io.github.vectorrecall.model;

/**
 * How a two-tower model's user tower pools the item embeddings of the behaviour sequence.
 *
 * <p>The model file stores the {@link #code()} of the pooling, so the codes never change: a new
 * pooling gets a new code.
 */
public enum Pooling {
  /** Plain mean of the sequence's item embeddings. */
  MEAN(0),
  /** Weights exp(-decay × recency rank), the decay learned: recent items count most. */
  RECENCY(1),
  /** Softmax attention with a learned query and learned per-position biases. */
  ATTENTION(2),
  /** The sequence is ignored (an ablation: the user tower reads id and features only). */
  NONE(3),
  /**
   * Two recency pools of the sequence, each with its own learned decay: a fast one (starting at
   * 0.3 per rank, so the last few items dominate: the session) and a slow one (starting at 0.1
   * per rank, as {@link #RECENCY}: the long-run taste). The user tower reads both, side by side
   * (slow, then fast), so its input is one embedding wider.
   */
  TWO_SCALE(4);

  private final int code;

  Pooling(int code) {
    this.code = code;
  }

  /**
   * The number the model file stores for this pooling.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * The pooling a model file's code stands for.
   *
   * @param code the stored number
   * @return the pooling
   * @throws IllegalArgumentException if no pooling has this code
   */
  public static Pooling ofCode(int code) {
    for (Pooling p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown pooling code " + code);
  }
}
