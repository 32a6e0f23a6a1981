package io.github.vectorrecall;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Hyper-parameters of a {@link Trainer}. Immutable; made with {@link #builder()}. Provider-specific
 * settings go in {@link #options()}.
 */
public final class TrainerConfig {
  /** How the user tower pools the behaviour sequence's item embeddings. */
  public enum Pooling {
    /** Plain mean. */
    MEAN,
    /** Weights decaying with recency rank, at a learned rate: recent items count most. */
    RECENCY,
    /** Softmax attention with a learned query and learned per-position biases. */
    ATTENTION,
    /** The sequence is ignored (an ablation: the user tower reads id and features only). */
    NONE
  }

  /** The training objective. */
  public enum Loss {
    /** Sampled softmax (InfoNCE) over the negatives, at {@link #temperature()}. */
    SOFTMAX,
    /** Bayesian personalised ranking: log-sigmoid of positive minus each negative score. */
    BPR
  }

  /** Where the negatives of a positive come from. */
  public enum Negatives {
    /** The other positives of the batch (popular items over-represented: logQ corrects it). */
    IN_BATCH,
    /** Items drawn uniformly from the catalog, shared by the batch. */
    UNIFORM,
    /** Items drawn by their frequency in the training stream, shared by the batch. */
    POPULARITY,
    /** In-batch plus uniformly drawn items. */
    MIXED
  }

  /** Default output vector dimension. */
  public static final int DEFAULT_DIMENSION = 64;
  /** Default width of the id and feature embeddings. */
  public static final int DEFAULT_EMBEDDING_DIMENSION = 64;
  /** Default width of the hidden layer of each tower. */
  public static final int DEFAULT_HIDDEN_DIMENSION = 128;
  /** Default number of passes over the data. */
  public static final int DEFAULT_EPOCHS = 20;
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
  /** Epochs without a better validation HR@50 before training stops. */
  public static final int DEFAULT_PATIENCE = 2;
  /** Negatives drawn from the catalog per batch when the negatives are sampled or mixed. */
  public static final int DEFAULT_SAMPLED_NEGATIVES = 512;

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
  private final Pooling pooling;
  private final Loss loss;
  private final Negatives negatives;
  private final int sampledNegatives;
  private final boolean logQCorrection;
  private final int patience;
  private final boolean refit;
  private final java.nio.file.Path checkpointDirectory;
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
    this.pooling = b.pooling;
    this.loss = b.loss;
    this.negatives = b.negatives;
    this.sampledNegatives = b.sampledNegatives;
    this.logQCorrection = b.logQCorrection;
    this.patience = b.patience;
    this.refit = b.refit;
    this.checkpointDirectory = b.checkpointDirectory;
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

  /**
   * How the behaviour sequence is pooled.
   *
   * @return the pooling, {@link Pooling#RECENCY} by default
   */
  public Pooling pooling() {
    return pooling;
  }

  /**
   * The objective.
   *
   * @return the loss, {@link Loss#SOFTMAX} by default
   */
  public Loss loss() {
    return loss;
  }

  /**
   * Where negatives come from.
   *
   * @return the source, {@link Negatives#MIXED} by default
   */
  public Negatives negatives() {
    return negatives;
  }

  /**
   * Catalog items drawn per batch for {@link Negatives#UNIFORM}, {@link Negatives#POPULARITY}
   * and {@link Negatives#MIXED}.
   *
   * @return the count
   */
  public int sampledNegatives() {
    return sampledNegatives;
  }

  /**
   * Whether each negative's logit is reduced by the log of its sampling probability.
   *
   * @return true by default
   */
  public boolean logQCorrection() {
    return logQCorrection;
  }

  /**
   * Early stopping: each user's last item is held out, HR@50 on it is measured after every
   * epoch, and training stops after this many epochs without improvement; 0 trains all
   * {@link #epochs()} without holding anything out.
   *
   * @return the patience in epochs
   */
  public int patience() {
    return patience;
  }

  /**
   * With early stopping, whether the final model is trained again on all the data (the held-out
   * items included) for the best epoch count, instead of keeping the best checkpoint.
   *
   * @return true by default
   */
  public boolean refit() {
    return refit;
  }

  /**
   * Where training writes a checkpoint after every epoch, and resumes from when a checkpoint of
   * the same configuration and data is there; null (the default) for none.
   *
   * @return the directory, or null
   */
  public java.nio.file.Path checkpointDirectory() {
    return checkpointDirectory;
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
        + ", threads=" + threads + ", pooling=" + pooling + ", loss=" + loss + ", negatives="
        + negatives + ", sampledNegatives=" + sampledNegatives + ", logQCorrection="
        + logQCorrection + ", patience=" + patience + ", refit=" + refit
        + (checkpointDirectory == null ? "" : ", checkpointDirectory=" + checkpointDirectory)
        + ", options=" + options + "}";
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
    private Pooling pooling = Pooling.RECENCY;
    private Loss loss = Loss.SOFTMAX;
    private Negatives negatives = Negatives.MIXED;
    private int sampledNegatives = DEFAULT_SAMPLED_NEGATIVES;
    private boolean logQCorrection = true;
    private int patience = DEFAULT_PATIENCE;
    private boolean refit = true;
    private java.nio.file.Path checkpointDirectory;
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
     * @param pooling how the behaviour sequence is pooled
     * @return this builder
     */
    public Builder pooling(Pooling pooling) {
      this.pooling = Objects.requireNonNull(pooling, "pooling");
      return this;
    }

    /**
     * @param loss the objective
     * @return this builder
     */
    public Builder loss(Loss loss) {
      this.loss = Objects.requireNonNull(loss, "loss");
      return this;
    }

    /**
     * @param negatives where negatives come from
     * @return this builder
     */
    public Builder negatives(Negatives negatives) {
      this.negatives = Objects.requireNonNull(negatives, "negatives");
      return this;
    }

    /**
     * @param sampledNegatives catalog items drawn per batch when negatives are sampled
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder sampledNegatives(int sampledNegatives) {
      this.sampledNegatives = positive("sampledNegatives", sampledNegatives);
      return this;
    }

    /**
     * @param logQCorrection whether to subtract the log sampling probability of each negative
     * @return this builder
     */
    public Builder logQCorrection(boolean logQCorrection) {
      this.logQCorrection = logQCorrection;
      return this;
    }

    /**
     * @param patience epochs without a better validation HR@50 before stopping; 0 turns early
     *     stopping (and the hold-out it needs) off
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder patience(int patience) {
      if (patience < 0) {
        throw new IllegalArgumentException("patience must be >= 0; patience=" + patience);
      }
      this.patience = patience;
      return this;
    }

    /**
     * @param refit whether to retrain on all data for the best epoch count after early stopping
     * @return this builder
     */
    public Builder refit(boolean refit) {
      this.refit = refit;
      return this;
    }

    /**
     * Makes training resumable: after every epoch the trainer writes its state (weights,
     * optimiser moments, epoch, early-stopping record) to a checksummed file in this directory,
     * and a later {@code train} with the same configuration and data picks up after the last
     * completed epoch instead of starting over. The file is deleted once training completes.
     *
     * @param checkpointDirectory the directory (created if missing), or null for none
     * @return this builder
     */
    public Builder checkpointDirectory(java.nio.file.Path checkpointDirectory) {
      this.checkpointDirectory = checkpointDirectory;
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
