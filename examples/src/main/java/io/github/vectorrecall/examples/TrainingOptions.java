package io.github.vectorrecall.examples;

import static io.github.vectorrecall.examples.OptionChecks.setting;

import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.train.TwoTowerConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The training options of {@code quickstart}, {@code evaluate} and {@code ablation}; anything not
 * given keeps the library's default. {@link #config()} checks them all before any work.
 */
final class TrainingOptions {
  @Option(names = "--epochs", paramLabel = "N",
      description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  int epochs = TrainerConfig.DEFAULT_EPOCHS;

  @Option(names = "--patience", paramLabel = "N",
      description = "Epochs without a better validation HR@50 before training stops; 0 turns"
          + " early stopping off (default: ${DEFAULT-VALUE}).")
  int patience = TwoTowerConfig.DEFAULT_PATIENCE;

  @Option(names = "--pooling", paramLabel = "recency|mean|attention|none|two_scale",
      description = "How every member of the ensemble pools the behaviour sequence; two_scale: a"
          + " fast and a slow learned recency decay side by side (default: recency for one model,"
          + " and recency,two_scale in turn for the members of an ensemble).")
  Pooling pooling;

  @Option(names = "--loss", paramLabel = "softmax|bpr", description = "Loss (default: softmax).")
  TwoTowerConfig.Loss loss = TwoTowerConfig.DEFAULT_LOSS;

  @Option(names = "--negatives", paramLabel = "in_batch|uniform|popularity|mixed",
      description = "Negatives of the softmax (default: ${DEFAULT-VALUE}).")
  TwoTowerConfig.Negatives negatives = TwoTowerConfig.DEFAULT_NEGATIVES;

  @Option(names = "--sampled", paramLabel = "N",
      description = "Sampled negatives per batch, with uniform, popularity or mixed negatives"
          + " (default: " + TwoTowerConfig.DEFAULT_SAMPLED_NEGATIVES + ").")
  Integer sampled;

  @Option(names = "--logq", arity = "1", paramLabel = "true|false",
      description = "logQ correction of sampled negatives (default: ${DEFAULT-VALUE}).")
  boolean logq = TwoTowerConfig.DEFAULT_LOG_Q_CORRECTION;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Softmax temperature (default: " + TwoTowerConfig.DEFAULT_TEMPERATURE + ").")
  Float temperature;

  @Option(names = "--lr", paramLabel = "LR",
      description = "Learning rate (default: " + TrainerConfig.DEFAULT_LEARNING_RATE + ").")
  Float lr;

  @Option(names = "--refit", arity = "1", paramLabel = "true|false",
      description = "After early stopping, train on everything, the held-out items included"
          + " (default: " + TwoTowerConfig.DEFAULT_REFIT + ").")
  Boolean refit;

  @Option(names = "--refit-epochs", paramLabel = "N",
      description = "Epochs the selected model continues on everything; 0 refits a fresh model"
          + " for the best epoch count (default: " + TwoTowerConfig.DEFAULT_REFIT_EPOCHS + ").")
  Integer refitEpochs;

  @Option(names = "--seed", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = TrainerConfig.DEFAULT_SEED;

  @Option(names = "--batch", paramLabel = "N",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch = TrainerConfig.DEFAULT_BATCH_SIZE;

  @Option(names = "--weight-decay", paramLabel = "W",
      description = "AdamW weight decay (default: " + TwoTowerConfig.DEFAULT_WEIGHT_DECAY + ").")
  Float weightDecay;

  @Option(names = "--weight-averaging", paramLabel = "D",
      description = "Decay per step of the weights' moving average, which validation measures"
          + " and the model serves; 0 serves the last step's weights (default: "
          + TwoTowerConfig.DEFAULT_WEIGHT_AVERAGING + ").")
  Float weightAveraging;

  @Option(names = "--dimension", paramLabel = "N",
      description = "Dimension of the user and item vectors (default: ${DEFAULT-VALUE}).")
  int dimension = TwoTowerConfig.DEFAULT_DIMENSION;

  @Option(names = "--embedding", paramLabel = "N",
      description = "Dimension of the id and feature embeddings (default: ${DEFAULT-VALUE}).")
  int embedding = TwoTowerConfig.DEFAULT_EMBEDDING_DIMENSION;

  @Option(names = "--hidden", paramLabel = "N",
      description = "Width of each tower's hidden layer (default: ${DEFAULT-VALUE}).")
  int hidden = TwoTowerConfig.DEFAULT_HIDDEN_DIMENSION;

  @Option(names = "--window", paramLabel = "N",
      description = "Consecutive targets of a user's sequence trained from one pass over it; 1"
          + " trains every position on its own (default: "
          + TwoTowerConfig.DEFAULT_SEQUENCE_WINDOW + ").")
  int window = TwoTowerConfig.DEFAULT_SEQUENCE_WINDOW;

  @Option(names = "--history", paramLabel = "N",
      description = "The most recent items of a user's sequence the user tower reads"
          + " (default: " + TwoTowerConfig.DEFAULT_MAX_HISTORY + ").")
  int history = TwoTowerConfig.DEFAULT_MAX_HISTORY;

  @Option(names = "--item-id-dropout", paramLabel = "P",
      description = "Share of each training step's items encoded with the unknown id, so that"
          + " items new at serving are placed from their features (default: "
          + TwoTowerConfig.DEFAULT_ITEM_ID_DROPOUT + ").")
  Float itemIdDropout;

  @Option(names = "--lazy-user-updates", paramLabel = "true|false", arity = "1",
      description = "Update only the user-id rows each batch reads, each caught up on the"
          + " steps it missed: dense AdamW's training, but a step's work does not grow with the"
          + " number of users; dense with weight decay or averaging (default: "
          + TwoTowerConfig.DEFAULT_LAZY_USER_UPDATES + ").")
  Boolean lazyUserUpdates;

  @Option(names = "--ensemble", paramLabel = "E",
      description = "Models trained from seeds seed, seed+1, ... and served as one vector of E"
          + " times the dimension, E times the training time (default: as many as"
          + " --member-poolings names, else " + TwoTowerConfig.DEFAULT_ENSEMBLE_SIZE + ").")
  Integer ensemble;

  @Option(names = "--member-poolings", split = ",", paramLabel = "POOLING[,POOLING...]",
      description = "The poolings an ensemble's members take in turn (member m the (m mod n)-th),"
          + " e.g. recency,two_scale; overrides --pooling.")
  List<Pooling> memberPoolings;

  @Option(names = "--threads", paramLabel = "N",
      description = "Cores training may use, 0 for all (default: ${DEFAULT-VALUE}). An"
          + " ensemble trains min(E, N) members at once, each with N / that many torch threads.")
  int threads = TrainerConfig.DEFAULT_THREADS;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Write a checkpoint every epoch; rerun the same command to resume.")
  Path checkpoint;

  /** A copy, for a variant that changes some values. */
  TrainingOptions copy() {
    TrainingOptions c = new TrainingOptions();
    c.epochs = epochs;
    c.patience = patience;
    c.pooling = pooling;
    c.loss = loss;
    c.negatives = negatives;
    c.sampled = sampled;
    c.logq = logq;
    c.temperature = temperature;
    c.lr = lr;
    c.refit = refit;
    c.refitEpochs = refitEpochs;
    c.seed = seed;
    c.batch = batch;
    c.weightDecay = weightDecay;
    c.weightAveraging = weightAveraging;
    c.dimension = dimension;
    c.embedding = embedding;
    c.window = window;
    c.history = history;
    c.itemIdDropout = itemIdDropout;
    c.ensemble = ensemble;
    c.memberPoolings = memberPoolings;
    c.checkpoint = checkpoint;
    c.threads = threads;
    return c;
  }

  /**
   * The trainer configuration.
   *
   * @throws UsageException naming the option the library refuses
   */
  TwoTowerConfig config() {
    TrainerConfig.Builder common = TrainerConfig.builder();
    setting("--epochs", () -> common.epochs(epochs));
    setting("--seed", () -> common.seed(seed));
    setting("--batch", () -> common.batchSize(batch));
    setting("--threads", () -> common.threads(threads));
    if (lr != null) {
      setting("--lr", () -> common.learningRate(lr));
    }
    if (checkpoint != null) {
      OptionChecks.outputDirectory("--checkpoint", checkpoint);
      setting("--checkpoint", () -> common.checkpointDirectory(checkpoint));
    }
    TwoTowerConfig.Builder tb = TwoTowerConfig.builder();
    setting("training options", () -> tb.common(common.build()));
    if (temperature != null) {
      setting("--temperature", () -> tb.temperature(temperature));
    }
    if (pooling != null) {
      setting("--pooling", () -> tb.pooling(pooling));
    }
    setting("--loss", () -> tb.loss(loss));
    setting("--negatives", () -> tb.negatives(negatives));
    if (sampled != null) { // only with sampled negatives
      setting("--sampled", () -> tb.sampledNegatives(sampled));
    }
    setting("--logq", () -> tb.logQCorrection(logq));
    setting("--patience", () -> tb.patience(patience));
    if (refit != null) { // only with early stopping
      setting("--refit", () -> tb.refit(refit));
    }
    if (refitEpochs != null) {
      setting("--refit-epochs", () -> tb.refitEpochs(refitEpochs));
    }
    if (weightDecay != null) {
      setting("--weight-decay", () -> tb.weightDecay(weightDecay));
    }
    if (weightAveraging != null) {
      setting("--weight-averaging", () -> tb.weightAveraging(weightAveraging));
    }
    setting("--dimension", () -> tb.dimension(dimension));
    setting("--embedding", () -> tb.embeddingDimension(embedding));
    setting("--hidden", () -> tb.hiddenDimension(hidden));
    setting("--window", () -> tb.sequenceWindow(window));
    setting("--history", () -> tb.maxHistory(history));
    if (itemIdDropout != null) {
      setting("--item-id-dropout", () -> tb.itemIdDropout(itemIdDropout));
    }
    if (lazyUserUpdates != null) {
      setting("--lazy-user-updates", () -> tb.lazyUserUpdates(lazyUserUpdates));
    }
    int members = ensemble != null ? ensemble
        : memberPoolings != null ? memberPoolings.size() : TwoTowerConfig.DEFAULT_ENSEMBLE_SIZE;
    setting("--ensemble", () -> tb.ensembleSize(members));
    if (memberPoolings != null) {
      setting("--member-poolings",
          () -> tb.memberPoolings(memberPoolings.toArray(new Pooling[0])));
    }
    TwoTowerConfig[] built = new TwoTowerConfig[1];
    setting("training options", () -> built[0] = tb.build());
    return built[0];
  }
}
