package io.github.vectorrecall;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What every {@link Trainer} has: epochs, batch size, learning rate, seed, threads and the
 * checkpoint directory. Immutable; made with {@link #builder()}. Model-specific settings live
 * beside their trainer (the two-tower trainer's in {@code TwoTowerConfig} of {@code
 * recall-train}); provider-specific ones may go in {@link #options()}.
 */
public final class TrainerConfig {
  /** Default number of passes over the data. */
  public static final int DEFAULT_EPOCHS = 20;
  /** Default examples per batch. */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /**
   * Default peak learning rate. Chosen for the two-tower trainer on ml-100k validation over three
   * seeds: 0.003, 0.004, 0.005, 0.007, 0.01 and 0.015 scored HR@50 .580, .588, .584, .594, .588
   * and .591 (one model), so 0.007 is the top of a plateau that every rate above 0.003 is on,
   * and early stopping picks 6 or 7 epochs there instead of 8 or 9.
   */
  public static final float DEFAULT_LEARNING_RATE = 0.007f;
  /** Default random seed. */
  public static final long DEFAULT_SEED = 42L;
  /** Default math-library threads: 0, all cores. */
  public static final int DEFAULT_THREADS = 0;

  private final int epochs;
  private final int batchSize;
  private final float learningRate;
  private final long seed;
  private final int threads;
  private final Path checkpointDirectory;
  private final Map<String, String> options;

  private TrainerConfig(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.threads = b.threads;
    this.checkpointDirectory = b.checkpointDirectory;
    // Sorted, so that toString (and the checkpoint fingerprint built from it) is the same in
    // every process; Map.copyOf's iteration order changes from one JVM to the next.
    this.options = Collections.unmodifiableMap(new TreeMap<>(b.options));
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

  /** @return random seed */
  public long seed() {
    return seed;
  }

  /** @return threads for the math library, 0 for all cores */
  public int threads() {
    return threads;
  }

  /**
   * Where training writes a checkpoint after every epoch, and resumes from when a checkpoint of
   * the same configuration and data is there; null (the default) for none.
   *
   * @return the directory, or null
   */
  public Path checkpointDirectory() {
    return checkpointDirectory;
  }

  /** @return provider-specific options, sorted by name */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public String toString() {
    return "TrainerConfig{epochs=" + epochs + ", batchSize=" + batchSize + ", learningRate="
        + learningRate + ", seed=" + seed + ", threads=" + threads
        + (checkpointDirectory == null ? "" : ", checkpointDirectory=" + checkpointDirectory)
        + ", options=" + options + "}";
  }

  /** Builds a {@link TrainerConfig}; every setter checks its argument. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private float learningRate = DEFAULT_LEARNING_RATE;
    private long seed = DEFAULT_SEED;
    private int threads = DEFAULT_THREADS;
    private Path checkpointDirectory;
    private final Map<String, String> options = new TreeMap<>();

    private Builder() {}

    /**
     * @param epochs number of passes over the data
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder epochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException("epochs must be positive; epochs=" + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * @param batchSize examples per batch; at least 2 (a contrastive trainer takes the other
     *     examples of a batch as negatives)
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
      if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate must be positive and finite; learningRate=" + learningRate);
      }
      this.learningRate = learningRate;
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
     * Makes training resumable: after every epoch the trainer writes its state (weights,
     * optimiser moments, epoch, early-stopping record) to a checksummed file in this directory,
     * and a later {@code train} with the same configuration and data picks up after the last
     * completed epoch instead of starting over. The file is deleted once training completes.
     *
     * @param checkpointDirectory the directory (created if missing), or null for none
     * @return this builder
     */
    public Builder checkpointDirectory(Path checkpointDirectory) {
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
