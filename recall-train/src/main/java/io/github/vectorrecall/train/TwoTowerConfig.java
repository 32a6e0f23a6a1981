package io.github.vectorrecall.train;

import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.model.Pooling;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link TwoTowerTrainer}: the generic part every trainer has ({@link #common()}:
 * epochs, batch size, learning rate, seed, threads, checkpoint directory) and the two-tower
 * model's own knobs (sizes, pooling, loss, negatives, temperature, logQ correction, weight
 * decay, item-id dropout, early stopping, ensemble size). Immutable; made with {@link #builder()}.
 */
public final class TwoTowerConfig {
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
  /** Default decoupled weight decay. */
  public static final float DEFAULT_WEIGHT_DECAY = 0.0f;
  /**
   * Default decay per step of the weights' moving average ({@link #weightAveraging()}): 0, none.
   * On ml-100k validation no decay beat the last step's weights by more than the seeds' spread
   * (BENCHMARKS.md, "Weight averaging").
   */
  public static final float DEFAULT_WEIGHT_AVERAGING = 0f;
  /** Default softmax temperature. */
  public static final float DEFAULT_TEMPERATURE = 0.125f;
  /** Default length of the behaviour sequence the user tower reads. */
  public static final int DEFAULT_MAX_HISTORY = 50;
  /**
   * Default number of consecutive targets of a user's sequence whose histories are pooled in one
   * pass ({@link #sequenceWindow()}). Chosen on validation HR@50 (MovieLens 100K): longer
   * windows read even fewer items per target but put fewer users in a batch, and a user's
   * targets then reach the optimiser in a few large steps; at 32 the best epoch came 4 epochs
   * later, at 4 and 8 at the per-position path's epoch, at about the same speed.
   */
  public static final int DEFAULT_SEQUENCE_WINDOW = 4;
  /**
   * Default pooling of the behaviour sequence: a single model's, and the first member's of the
   * default ensemble ({@link #DEFAULT_MEMBER_POOLINGS}).
   */
  public static final Pooling DEFAULT_POOLING = Pooling.RECENCY;
  /** Default of {@link #lazyUserUpdates()}: on, the same training as dense updates, faster. */
  public static final boolean DEFAULT_LAZY_USER_UPDATES = true;
  /**
   * The poolings the members of an ensemble take in turn when neither {@link
   * Builder#pooling(Pooling)} nor {@link Builder#memberPoolings(Pooling...)} is set: a {@code
   * recency} member and a {@code two_scale} one. Members that pool differently err differently;
   * on ml-100k validation (three seeds, learning rate 0.003) this pair scored HR@50 .6020
   * &plusmn; .0049 against .6006 &plusmn; .0012 for two {@code recency} members, level within
   * the spread, and the pair was kept for the reason above (BENCHMARKS.md, "Ensembles whose
   * members pool differently").
   */
  public static final List<Pooling> DEFAULT_MEMBER_POOLINGS =
      List.of(Pooling.RECENCY, Pooling.TWO_SCALE);
  /** Default objective. */
  public static final Loss DEFAULT_LOSS = Loss.SOFTMAX;
  /** Default source of negatives. */
  public static final Negatives DEFAULT_NEGATIVES = Negatives.IN_BATCH;
  /** Negatives drawn from the catalog per batch when the negatives are sampled or mixed. */
  public static final int DEFAULT_SAMPLED_NEGATIVES = 512;
  /** Whether logits are logQ-corrected by default. */
  public static final boolean DEFAULT_LOG_Q_CORRECTION = true;
  /** Epochs without a better validation HR@50 before training stops. */
  public static final int DEFAULT_PATIENCE = 2;
  /**
   * Default epochs of the refit ({@link #refitEpochs()}): 2, the selected model continuing on all
   * the data. Chosen on ml-100k's validation items (a copy of the data without its test items,
   * whose test items are the original's validation items): level with a fresh model trained
   * for the selected epoch count, HR@50 .6008 against .6015 over five seeds (a spread of .006),
   * in about 0.7 times the epochs (BENCHMARKS.md, "The refit").
   */
  public static final int DEFAULT_REFIT_EPOCHS = 2;
  /** Whether the model is refitted on all the data after early stopping by default. */
  public static final boolean DEFAULT_REFIT = true;
  /**
   * Default share of a step's distinct items whose id the item tower does not see ({@link
   * #itemIdDropout()}).
   */
  public static final float DEFAULT_ITEM_ID_DROPOUT = 0.0f;
  /**
   * Default number of models trained from consecutive seeds and served as one ({@link
   * #ensembleSize()}): two, chosen on ml-100k validation, where at the default learning rate the
   * two members score HR@50 .6073 &plusmn; .0040 over three seeds against one model's .5938
   * &plusmn; .0028 (BENCHMARKS.md, "Learning rate"). The members train at once, one
   * per core ({@link TrainerConfig#threads()}), so on two cores the pair takes about 1.15 times
   * one model's time; the served vectors have twice {@link #dimension()} components.
   */
  public static final int DEFAULT_ENSEMBLE_SIZE = 2;
  /** Members of an ensemble at most. */
  public static final int MAX_ENSEMBLE_SIZE = 16;

  private final TrainerConfig common;
  private final int dimension;
  private final int embeddingDimension;
  private final int hiddenDimension;
  private final float weightDecay;
  private final float weightAveraging;
  private final float temperature;
  private final int maxHistory;
  private final int sequenceWindow;
  private final Pooling pooling;
  private final Loss loss;
  private final Negatives negatives;
  private final int sampledNegatives;
  private final boolean logQCorrection;
  private final int patience;
  private final boolean refit;
  private final int refitEpochs;
  private final float itemIdDropout;
  private final boolean lazyUserUpdates;
  private final int ensembleSize;
  private final List<Pooling> memberPoolings;

  private TwoTowerConfig(Builder b) {
    this.common = b.common;
    this.dimension = b.dimension;
    this.embeddingDimension = b.embeddingDimension;
    this.hiddenDimension = b.hiddenDimension;
    this.weightDecay = b.weightDecay;
    this.weightAveraging = b.weightAveraging;
    this.temperature = b.temperature;
    this.maxHistory = b.maxHistory;
    this.sequenceWindow = b.sequenceWindow;
    this.pooling = b.pooling != null ? b.pooling : DEFAULT_POOLING;
    this.loss = b.loss;
    this.negatives = b.negatives;
    this.sampledNegatives = b.sampledNegatives;
    this.logQCorrection = b.logQCorrection;
    this.patience = b.patience;
    this.refit = b.refit;
    this.refitEpochs = b.refitEpochs;
    this.itemIdDropout = b.itemIdDropout;
    this.lazyUserUpdates = b.lazyUserUpdates;
    this.ensembleSize = b.ensembleSize;
    this.memberPoolings = b.memberPoolings != null ? b.memberPoolings
        : b.pooling != null || b.ensembleSize == 1 ? List.of()
        : DEFAULT_MEMBER_POOLINGS;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the settings every trainer has */
  public TrainerConfig common() {
    return common;
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

  /** @return AdamW's decoupled weight decay */
  public float weightDecay() {
    return weightDecay;
  }

  /**
   * The decay per step of an exponential moving average of the weights, kept beside the
   * optimiser: after update {@code t}, the average of the weights of updates {@code 1..t}, each
   * weighted by {@code decay^(t - s)} and the weights normalised (bias-corrected, as Adam's
   * moments are), so the random start weighs nothing. The average is what validation measures,
   * what early stopping keeps and what the model serves; training itself steps the weights as
   * before. At a learning rate high enough to learn in a few epochs, the weights of any one step
   * carry that step's noise, and an average over the last few hundred steps removes much of it
   * without slowing learning. 0 (the default) serves the last step's weights and trains exactly
   * as without the setting.
   *
   * @return the decay in [0, 1), {@value #DEFAULT_WEIGHT_AVERAGING} by default
   */
  public float weightAveraging() {
    return weightAveraging;
  }

  /** @return softmax temperature (BPR divides its scores by it too) */
  public float temperature() {
    return temperature;
  }

  /** @return maximum behaviour-sequence length read by the user tower */
  public int maxHistory() {
    return maxHistory;
  }

  /**
   * How many consecutive targets of a user's sequence are trained from one pass over it: their
   * histories are pooled together from one read of the items they need (each still reads exactly
   * the at most {@link #maxHistory()} items before its position, as the served user tower does),
   * and they share a batch (a user's own items are then never each other's in-batch negatives).
   * 1 trains every position on its own, with the whole data set shuffled example by example, as
   * the trainer did before.
   *
   * @return targets per window, {@value #DEFAULT_SEQUENCE_WINDOW} by default
   */
  public int sequenceWindow() {
    return sequenceWindow;
  }

  /**
   * How the behaviour sequence is pooled by every member that {@link #memberPoolings()} does
   * not name: a single model, or every member of an ensemble built with {@link
   * Builder#pooling(Pooling)}.
   *
   * @return the pooling, {@link Pooling#RECENCY} by default
   */
  public Pooling pooling() {
    return pooling;
  }

  /** @return the objective, {@link Loss#SOFTMAX} by default */
  public Loss loss() {
    return loss;
  }

  /** @return where negatives come from, {@link Negatives#IN_BATCH} by default */
  public Negatives negatives() {
    return negatives;
  }

  /** @return catalog items drawn per batch, unless the negatives are {@code IN_BATCH} */
  public int sampledNegatives() {
    return sampledNegatives;
  }

  /** @return whether logits are reduced by the log of their expected count as negatives */
  public boolean logQCorrection() {
    return logQCorrection;
  }

  /**
   * Whether each step updates only the rows of the user-id table that its batch reads, caught
   * up on the steps they missed: the step gathers those rows, brings each up to date (the moves
   * dense AdamW's decaying momentum would have made since its last read, and its moments'
   * decay, applied at once), trains them as an array of their own, and writes rows and moments
   * back; after each epoch every row is brought up to date. A row no batch read cannot have
   * changed a loss meanwhile, so this is dense AdamW's training but for epsilon's place in the
   * missed steps and the order of float sums, while a step's work no longer grows with the
   * number of users (a batch reads at most one row per window: 128 of 512 targets).
   *
   * <p>Measured (BENCHMARKS.md, "Lazy user updates"): on a million synthetic interactions over
   * 6,040 users an epoch took 0.7 times as long, with the same losses to four digits; on
   * MovieLens 100K (943 users) the epochs took as long as before. The item-id table stays dense:
   * a batch's histories read up to 6,784 item rows (128 windows of up to 53), most of a
   * catalog of a few thousand items, where gathering and writing back cost more than they save.
   * With {@link #weightDecay()} or {@link #weightAveraging()}, which act on every row at every
   * step, the updates stay dense.
   *
   * @return true by default
   */
  public boolean lazyUserUpdates() {
    return lazyUserUpdates;
  }

  /**
   * Whether training updates the user-id table lazily: asked for, and neither weight decay nor
   * weight averaging, which act on every row at every step.
   */
  boolean lazyUserUpdatesApply() {
    return lazyUserUpdates && weightDecay == 0f && weightAveraging == 0f;
  }

  /**
   * Early stopping: each user's last item is held out, HR@50 on it is measured after every
   * epoch, and training stops after this many epochs without improvement; 0 trains all epochs
   * without holding anything out.
   *
   * @return the patience in epochs
   */
  public int patience() {
    return patience;
  }

  /**
   * With early stopping, whether the final model is trained again on all the data (the held-out
   * items included, {@link #refitEpochs()} says how), instead of keeping the best epoch's
   * weights.
   *
   * @return true by default
   */
  public boolean refit() {
    return refit;
  }

  /**
   * How the refit trains on all the data: the selected model (the best epoch's weights)
   * continues for this many epochs, with a fresh optimiser and the learning rate's warm-up and
   * decay planned over them; or, with 0, a fresh model is trained from its initial weights for
   * the selected epoch count (the refit before this setting existed, about 1.4 times the
   * training time of the default). Either way the held-out items, each user's most recent, are
   * trained on and the learning rate ends decayed. The default was chosen for the default
   * ensemble; for a single model ({@code ensembleSize(1)}) the fresh refit scored .0085 higher
   * at HR@50 on the same check (and .012 lower at HR@10), so 0 is the setting there when HR@50
   * matters more than training time.
   *
   * @return the epochs, or 0 for a fresh model; {@value #DEFAULT_REFIT_EPOCHS} by default
   */
  public int refitEpochs() {
    return refitEpochs;
  }

  /**
   * Item-id dropout, for items that reach serving before anyone has interacted with them (their
   * id is unknown to the model, so the item tower reads the shared unknown-id row and their
   * features). In every training step, each distinct item of the batch (a positive or a sampled
   * negative) is, with this probability, encoded with the unknown id instead of its own, in all
   * of its slots of that step: the unknown row is then trained, and the item tower learns to
   * place an item from its features alone. The draws come from the trainer's seeded generator.
   * The user tower's behaviour sequences are left as they are: the served encoder skips an
   * unknown item of a history, and a history item trained without its id would be the
   * padding. 0 (the default) draws nothing and trains exactly as without the setting.
   *
   * @return the probability in [0, 1), {@value #DEFAULT_ITEM_ID_DROPOUT} by default
   */
  public float itemIdDropout() {
    return itemIdDropout;
  }

  /**
   * How many models are trained, from seeds {@code seed, seed + 1, ...}, and served as one
   * ensemble: each member's unit vector scaled by {@code 1/sqrt(E)}, concatenated, so the served
   * dimension is {@code E * dimension()} and a score is the mean of the members' scores. Training
   * does {@code E} times the work; members train at once where {@link TrainerConfig#threads()}
   * allows, each on its own core.
   *
   * @return the member count, {@value #DEFAULT_ENSEMBLE_SIZE} by default
   */
  public int ensembleSize() {
    return ensembleSize;
  }

  /**
   * The poolings an ensemble's members take in turn ({@link #memberPooling(int)}); empty when
   * every member uses {@link #pooling()}. By default {@link #DEFAULT_MEMBER_POOLINGS} when the
   * ensemble has two members or more, and empty for a single model or once {@link
   * Builder#pooling(Pooling)} is set.
   *
   * @return an unmodifiable list
   */
  public List<Pooling> memberPoolings() {
    return memberPoolings;
  }

  /**
   * The pooling of ensemble member {@code member} (from 0): {@code memberPoolings().get(member %
   * memberPoolings().size())}, or {@link #pooling()} when no member poolings are set. Members
   * that pool differently err differently, which an ensemble of seeds alone does less.
   *
   * @param member the member, from 0
   * @return its pooling
   * @throws IllegalArgumentException if {@code member} is not below {@link #ensembleSize()}
   */
  public Pooling memberPooling(int member) {
    if (member < 0 || member >= ensembleSize) {
      throw new IllegalArgumentException("member must be in [0, " + ensembleSize
          + "); member=" + member);
    }
    return memberPoolings.isEmpty() ? pooling
        : memberPoolings.get(member % memberPoolings.size());
  }

  @Override
  public String toString() {
    return "TwoTowerConfig{" + common + ", dimension=" + dimension + ", embeddingDimension="
        + embeddingDimension + ", hiddenDimension=" + hiddenDimension + ", weightDecay="
        + weightDecay + ", weightAveraging=" + weightAveraging + ", temperature=" + temperature
        + ", maxHistory=" + maxHistory + ", sequenceWindow=" + sequenceWindow + ", pooling="
        + pooling + ", loss=" + loss + ", negatives=" + negatives
        + ", sampledNegatives=" + sampledNegatives + ", logQCorrection=" + logQCorrection
        + ", patience=" + patience + ", refit=" + refit
        + (refit && patience > 0 ? ", refitEpochs=" + refitEpochs : "")
        + ", itemIdDropout=" + itemIdDropout + ", lazyUserUpdates=" + lazyUserUpdates
        + (ensembleSize == 1 ? "" : ", ensembleSize=" + ensembleSize)
        + (memberPoolings.isEmpty() ? "" : ", memberPoolings=" + memberPoolings) + "}";
  }

  /**
   * Builds a {@link TwoTowerConfig}; every setter checks its argument, {@link #build()} the
   * combination.
   */
  public static final class Builder {
    private TrainerConfig common = TrainerConfig.defaults();
    private int dimension = DEFAULT_DIMENSION;
    private int embeddingDimension = DEFAULT_EMBEDDING_DIMENSION;
    private int hiddenDimension = DEFAULT_HIDDEN_DIMENSION;
    private float weightDecay = DEFAULT_WEIGHT_DECAY;
    private float weightAveraging = DEFAULT_WEIGHT_AVERAGING;
    private float temperature = DEFAULT_TEMPERATURE;
    private int maxHistory = DEFAULT_MAX_HISTORY;
    private int sequenceWindow = DEFAULT_SEQUENCE_WINDOW;
    private Pooling pooling; // null: not set, see TwoTowerConfig.memberPoolings()
    private Loss loss = DEFAULT_LOSS;
    private Negatives negatives = DEFAULT_NEGATIVES;
    private int sampledNegatives = DEFAULT_SAMPLED_NEGATIVES;
    private boolean sampledNegativesSet;
    private boolean logQCorrection = DEFAULT_LOG_Q_CORRECTION;
    private int patience = DEFAULT_PATIENCE;
    private boolean refit = DEFAULT_REFIT;
    private boolean refitSet;
    private int refitEpochs = DEFAULT_REFIT_EPOCHS;
    private boolean refitEpochsSet;
    private float itemIdDropout = DEFAULT_ITEM_ID_DROPOUT;
    private boolean lazyUserUpdates = DEFAULT_LAZY_USER_UPDATES;
    private int ensembleSize = DEFAULT_ENSEMBLE_SIZE;
    private List<Pooling> memberPoolings; // null: not set

    private Builder() {}

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive; " + name + "=" + value);
      }
      return value;
    }

    /** A value in [0, 1), NaN refused. */
    private static float belowOne(String name, float value) {
      if (!(value >= 0f && value < 1f)) {
        throw new IllegalArgumentException(name + " must be in [0, 1); " + name + "=" + value);
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
     * @param common the settings every trainer has (epochs, batch size, learning rate, seed,
     *     threads, checkpoint directory)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder common(TrainerConfig common) {
      this.common = Objects.requireNonNull(common, "common");
      return this;
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
     * @param weightDecay AdamW's decoupled weight decay, 0 for none
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
     * @param weightAveraging decay per step of the weights' moving average ({@link
     *     TwoTowerConfig#weightAveraging()}); 0 serves the last step's weights
     * @return this builder
     * @throws IllegalArgumentException if not in [0, 1)
     */
    public Builder weightAveraging(float weightAveraging) {
      this.weightAveraging = belowOne("weightAveraging", weightAveraging);
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
     * @param sequenceWindow consecutive targets of a user's sequence trained from one pass over
     *     it; 1 trains every position on its own
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder sequenceWindow(int sequenceWindow) {
      this.sequenceWindow = positive("sequenceWindow", sequenceWindow);
      return this;
    }

    /**
     * @param pooling how every member's behaviour sequence is pooled, in place of the default
     *     ensemble's {@link #DEFAULT_MEMBER_POOLINGS} (unless {@link
     *     #memberPoolings(Pooling...)} is also set, which wins)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder pooling(Pooling pooling) {
      this.pooling = Objects.requireNonNull(pooling, "pooling");
      return this;
    }

    /**
     * @param loss the objective
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder loss(Loss loss) {
      this.loss = Objects.requireNonNull(loss, "loss");
      return this;
    }

    /**
     * @param negatives where negatives come from
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder negatives(Negatives negatives) {
      this.negatives = Objects.requireNonNull(negatives, "negatives");
      return this;
    }

    /**
     * @param sampledNegatives catalog items drawn per batch when negatives are sampled (not
     *     with {@link Negatives#IN_BATCH}: {@link #build()} rejects the pair)
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder sampledNegatives(int sampledNegatives) {
      this.sampledNegatives = positive("sampledNegatives", sampledNegatives);
      this.sampledNegativesSet = true;
      return this;
    }

    /**
     * @param logQCorrection whether to subtract the log of each candidate's expected count
     *     among the negatives from its logit
     * @return this builder
     */
    public Builder logQCorrection(boolean logQCorrection) {
      this.logQCorrection = logQCorrection;
      return this;
    }

    /**
     * @param lazyUserUpdates whether each step updates only the user-id rows its batch reads
     *     ({@link TwoTowerConfig#lazyUserUpdates()})
     * @return this builder
     */
    public Builder lazyUserUpdates(boolean lazyUserUpdates) {
      this.lazyUserUpdates = lazyUserUpdates;
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
     * @param refit whether to train on all the data after early stopping, as {@link
     *     #refitEpochs(int)} says (only with early stopping: {@link #build()} rejects it with
     *     patience 0)
     * @return this builder
     */
    public Builder refit(boolean refit) {
      this.refit = refit;
      this.refitSet = true;
      return this;
    }

    /**
     * @param refitEpochs epochs the selected model continues on all the data, or 0 to refit a
     *     fresh model for the selected epoch count ({@link TwoTowerConfig#refitEpochs()}; only
     *     with a refit: {@link #build()} rejects it without one)
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder refitEpochs(int refitEpochs) {
      if (refitEpochs < 0) {
        throw new IllegalArgumentException("refitEpochs must be >= 0; refitEpochs="
            + refitEpochs);
      }
      this.refitEpochs = refitEpochs;
      this.refitEpochsSet = true;
      return this;
    }

    /**
     * @param itemIdDropout probability that an item of a training step is encoded with the
     *     unknown id ({@link TwoTowerConfig#itemIdDropout()}); 0 turns it off
     * @return this builder
     * @throws IllegalArgumentException if not in [0, 1)
     */
    public Builder itemIdDropout(float itemIdDropout) {
      this.itemIdDropout = belowOne("itemIdDropout", itemIdDropout);
      return this;
    }

    /**
     * @param ensembleSize models trained from consecutive seeds and served as one ensemble of
     *     {@code ensembleSize} times the dimension; 1 trains a single model
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and {@value #MAX_ENSEMBLE_SIZE}
     */
    public Builder ensembleSize(int ensembleSize) {
      if (ensembleSize < 1 || ensembleSize > MAX_ENSEMBLE_SIZE) {
        throw new IllegalArgumentException("ensembleSize must be between 1 and "
            + MAX_ENSEMBLE_SIZE + "; ensembleSize=" + ensembleSize);
      }
      this.ensembleSize = ensembleSize;
      return this;
    }

    /**
     * @param poolings the poolings an ensemble's members take in turn: member {@code m} pools
     *     with {@code poolings[m % poolings.length]}, overriding {@link #pooling(Pooling)}; none
     *     to give every member that pooling
     * @return this builder
     * @throws NullPointerException if the array or one of its poolings is null
     */
    public Builder memberPoolings(Pooling... poolings) {
      this.memberPoolings = List.of(poolings);
      return this;
    }

    /**
     * Builds the configuration; the builder can be reused.
     *
     * @return the configuration
     * @throws IllegalStateException if {@link #sampledNegatives(int)} was set with {@link
     *     Negatives#IN_BATCH} negatives, {@link #refit(boolean)} with patience 0, {@link
     *     #refitEpochs(int)} without a refit, or more
     *     {@link #memberPoolings(Pooling...)} than {@link #ensembleSize(int)} members: settings
     *     that would have no effect
     */
    public TwoTowerConfig build() {
      if (sampledNegativesSet && negatives == Negatives.IN_BATCH) {
        throw new IllegalStateException("sampledNegatives=" + sampledNegatives
            + " has no effect with negatives=IN_BATCH; leave it unset or sample negatives");
      }
      if (memberPoolings != null && memberPoolings.size() > ensembleSize) {
        throw new IllegalStateException("memberPoolings=" + memberPoolings + " name more "
            + "poolings than the ensemble has members; ensembleSize=" + ensembleSize);
      }
      if (refitSet && patience == 0) {
        throw new IllegalStateException("refit=" + refit
            + " has no effect without early stopping; patience=0");
      }
      if (refitEpochsSet && (patience == 0 || !refit)) {
        throw new IllegalStateException("refitEpochs=" + refitEpochs + " has no effect without"
            + " a refit; patience=" + patience + ", refit=" + refit);
      }
      return new TwoTowerConfig(this);
    }
  }
}
