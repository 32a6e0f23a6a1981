package io.github.vectorrecall;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Hyper-parameters of a {@link Trainer}. Immutable; made with {@link #builder()}. Provider-specific
 * settings go in {@link #options()}.
 */
public final class TrainerConfig {
  /** Default output vector dimension. */
  public static final int DEFAULT_DIMENSION = 64;
  /** Default width of the id and feature embeddings. */
  public static final int DEFAULT_EMBEDDING_DIMENSION = 64;
  /** Default width of the hidden layer of each tower. */
  public static final int DEFAULT_HIDDEN_DIMENSION = 128;
  /** Default number of passes over the data. */
  public static final int DEFAULT_EPOCHS = 8;
  /** Default examples per batch (and in-batch negatives per example, minus one). */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /** Default peak learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.003f;
  /** Default decoupled weight decay. */
  public static final float DEFAULT_WEIGHT_DECAY = 0.0f;
  /** Default softmax temperature. */
  public static final float DEFAULT_TEMPERATURE = 0.1f;
  /** Default length of the behaviour sequence the user tower reads. */
  public static final int DEFAULT_MAX_HISTORY = 50;
  /** Default random seed. */
  public static final long DEFAULT_SEED = 42L;

  private final int dimension;
  private final int embeddingDimension;
  private final int hiddenDimension;
  private final int epochs;
  private final int batchSize;
  private final float learningRate;
  private final float weightDecay;
  private final float temperature;
  private final int maxHistory;
  private final long seed;
  private final int threads;
  private final Map<String, String> options;

  private TrainerConfig(Builder b) {
    this.dimension = b.dimension;
    this.embeddingDimension = b.embeddingDimension;
    this.hiddenDimension = b.hiddenDimension;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.weightDecay = b.weightDecay;
    this.temperature = b.temperature;
    this.maxHistory = b.maxHistory;
    this.seed = b.seed;
    this.threads = b.threads;
    this.options = Map.copyOf(new TreeMap<>(b.options));
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configuration with every default.
   *
   * @return default configuration
   */
  public static TrainerConfig defaults() {
    return builder().build();
  }

  /** @return output vector dimension */
  public int dimension() {
    return dimension;
  }

  /** @return width of id and feature embeddings */
  public int embeddingDimension() {
    return embeddingDimension;
  }

  /** @return width of each tower's hidden layer */
  public int hiddenDimension() {
    return hiddenDimension;
  }

  /** @return number of epochs */
  public int epochs() {
    return epochs;
  }

  /** @return examples per batch */
  public int batchSize() {
    return batchSize;
  }

  /** @return peak learning rate */
  public float learningRate() {
    return learningRate;
  }

  /** @return decoupled weight decay */
  public float weightDecay() {
    return weightDecay;
  }

  /** @return softmax temperature */
  public float temperature() {
    return temperature;
  }

  /** @return maximum behaviour-sequence length read by the user tower */
  public int maxHistory() {
    return maxHistory;
  }

  /** @return random seed */
  public long seed() {
    return seed;
  }

  /** @return threads for the math library, 0 for all cores */
  public int threads() {
    return threads;
  }

  /** @return provider-specific options */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public String toString() {
    return "TrainerConfig{dimension=" + dimension + ", embeddingDimension=" + embeddingDimension
        + ", hiddenDimension=" + hiddenDimension + ", epochs=" + epochs + ", batchSize="
        + batchSize + ", learningRate=" + learningRate + ", weightDecay=" + weightDecay
        + ", temperature=" + temperature + ", maxHistory=" + maxHistory + ", seed=" + seed
        + ", threads=" + threads + ", options=" + options + "}";
  }

  /** Builds a {@link TrainerConfig}; every setter checks its argument. */
  public static final class Builder {
    private int dimension = DEFAULT_DIMENSION;
    private int embeddingDimension = DEFAULT_EMBEDDING_DIMENSION;
    private int hiddenDimension = DEFAULT_HIDDEN_DIMENSION;
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private float learningRate = DEFAULT_LEARNING_RATE;
    private float weightDecay = DEFAULT_WEIGHT_DECAY;
    private float temperature = DEFAULT_TEMPERATURE;
    private int maxHistory = DEFAULT_MAX_HISTORY;
    private long seed = DEFAULT_SEED;
    private int threads;
    private final Map<String, String> options = new TreeMap<>();

    private Builder() {}

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive; " + name + "=" + value);
      }
      return value;
    }

    private static float positive(String name, float value) {
      if (!(value > 0f) || !Float.isFinite(value)) {
        throw new IllegalArgumentException(
            name + " must be positive and finite; " + name + "=" + value);
      }
      return value;
    }

    /**
     * @param dimension output vector dimension
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder dimension(int dimension) {
      this.dimension = positive("dimension", dimension);
      return this;
    }

    /**
     * @param embeddingDimension width of id and feature embeddings
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder embeddingDimension(int embeddingDimension) {
      this.embeddingDimension = positive("embeddingDimension", embeddingDimension);
      return this;
    }

    /**
     * @param hiddenDimension width of each tower's hidden layer
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder hiddenDimension(int hiddenDimension) {
      this.hiddenDimension = positive("hiddenDimension", hiddenDimension);
      return this;
    }

    /**
     * @param epochs number of passes over the data
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder epochs(int epochs) {
      this.epochs = positive("epochs", epochs);
      return this;
    }

    /**
     * @param batchSize examples per batch; at least 2, since the other examples of a batch are
     *     the negatives
     * @return this builder
     * @throws IllegalArgumentException if below 2
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 2) {
        throw new IllegalArgumentException("batchSize must be at least 2; batchSize=" + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * @param learningRate peak learning rate
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder learningRate(float learningRate) {
      this.learningRate = positive("learningRate", learningRate);
      return this;
    }

    /**
     * @param weightDecay decoupled weight decay, 0 for none
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder weightDecay(float weightDecay) {
      if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
        throw new IllegalArgumentException(
            "weightDecay must be non-negative and finite; weightDecay=" + weightDecay);
      }
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * @param temperature softmax temperature; lower is sharper
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder temperature(float temperature) {
      this.temperature = positive("temperature", temperature);
      return this;
    }

    /**
     * @param maxHistory longest behaviour sequence the user tower reads (the most recent items)
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxHistory(int maxHistory) {
      this.maxHistory = positive("maxHistory", maxHistory);
      return this;
    }

    /**
     * @param seed random seed; the same seed on one thread gives the same model
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @param threads math-library threads, 0 for all cores
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder threads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0; threads=" + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets a provider-specific option.
     *
     * @param name option name
     * @param value option value
     * @return this builder
     * @throws NullPointerException if either is null
     */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the configuration; the builder can be reused.
     *
     * @return the configuration
     */
    public TrainerConfig build() {
      return new TrainerConfig(this);
    }
  }
}
