package io.github.vectorrecall.train;

import ai.djl.ndarray.NDManager;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TorchTwoTowerEncoder;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import io.github.vectorrecall.train.MemberTraining.Model;
import io.github.vectorrecall.train.MemberTraining.Trained;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the DJL/PyTorch two-tower model on CPU; the settings are a {@link TwoTowerConfig}.
 *
 * <p>Examples respect time ({@link TrainingSequences}): every position {@code t} of a user's
 * chronological, de-duplicated sequence is a target, and the user tower reads the user id, the
 * user's features and the (at most {@code maxHistory}) items before {@code t}, never the target
 * or anything after it.
 *
 * <p>Targets are trained in one pass over windows of consecutive positions ({@link
 * TwoTowerConfig#sequenceWindow()}, {@link WindowBatches}): a window's items are embedded once and
 * every target's history is pooled from them with the weights the served encoder gives that
 * prefix, instead of each target re-reading up to {@code maxHistory} items. The windows are
 * shuffled, so a batch holds runs of a few users' targets; a user's other targets are masked out
 * of each other's in-batch negatives. Window 1 is the per-position path ({@link
 * PositionBatches}). The time of each phase of a step is logged at debug level every epoch
 * ({@link TrainingProfile}).
 *
 * <p>Loss ({@link TwoTowerConfig#loss()}): sampled softmax (InfoNCE) at a temperature ({@link
 * SoftmaxLoss}), or BPR ({@link BprLoss}). Negatives ({@link TwoTowerConfig#negatives()}): the
 * other targets of the batch, items drawn from the catalog uniformly or by popularity, or both.
 * With logQ correction each candidate's logit is reduced by the log of its expected count among
 * the negatives (in-batch: batch size × its frequency in the training stream; sampled: draws ×
 * its sampling probability), since popular items are otherwise pushed down just for being
 * popular. A negative that is the same item as the positive (an accidental hit) is masked out
 * ({@link NegativeMasks}). Optimiser: AdamW with linear warm-up and cosine decay ({@link
 * LearningRateSchedule}), and gradient clipping to a global norm of 1. With {@link
 * TwoTowerConfig#weightAveraging()}, validation measures and the model serves a bias-corrected
 * moving average of the weights instead of the last step's.
 *
 * <p>Items new to the model (no interaction in training, so their id is unknown) are served
 * from the unknown-id row and their features. With item-id dropout ({@link
 * TwoTowerConfig#itemIdDropout()}) a share of each step's items is trained that way, drawn from
 * the epoch's seeded generator, so that the unknown row and the feature path learn to place them.
 *
 * <p>Model selection ({@link TwoTowerConfig#patience()} &gt; 0, {@link EarlyStopping}): each
 * user's last item (users with at least 3) is held out, HR@50 on it (full ranking minus the
 * user's history) is measured after every epoch ({@link HoldOutValidation}), training stops once
 * it has not improved for {@code patience} epochs, and then, with {@link TwoTowerConfig#refit()},
 * the selected model continues a few epochs on all the data ({@link
 * TwoTowerConfig#refitEpochs()}; or a fresh model is trained for the best epoch count), so the
 * held-out items, each user's most recent, are not wasted. Given train + validation of a
 * leave-last-out split, the held-out item is exactly the protocol's validation item.
 *
 * <p>Ensembles ({@link TwoTowerConfig#ensembleSize()} {@code E > 1}; by default two members, one
 * pooling with {@code recency} and one with {@code two_scale}): member {@code m} is the
 * same model, pooling with {@link TwoTowerConfig#memberPooling(int)}, trained from seed {@code
 * seed + m} (its initial weights and its epochs' shuffles and negatives; every member validates
 * on the same held-out users), each with its own early stopping
 * and refit, so training costs {@code E} times one model's work. Members train at once, each on
 * a thread of its own, when the trainer's threads allow ({@link TrainerConfig#threads()}, all
 * cores when 0): {@code P = min(E, threads)} members at a time, each with {@code threads / P}
 * torch threads, so on two cores an ensemble of two takes about one model's time. A member's
 * weights do not depend on what trains beside it: two members on one torch thread each are
 * bit for bit the two single models trained one after the other on one thread. With members
 * at once the listener hears every member's events, one call at a time, interleaved. The
 * encoder serves the members' unit
 * vectors concatenated and scaled by {@code 1/sqrt(E)}: one vector of {@code E} times the
 * dimension, whose inner product is the mean of the members' scores. The ensemble's own
 * validation figures (the members' selected weights together) are logged and kept in {@link
 * #ensembleValidation()}. Member 0 is exactly the single model of the same settings; each other
 * member checkpoints into its own subdirectory {@code member-m} of the checkpoint directory.
 *
 * <p>Whoever creates a trainer closes it; the encoders it returns are the caller's to close.
 */
public final class TwoTowerTrainer implements Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerTrainer.class);
  private static final int MAX_TAGS = 8;

  private final TwoTowerConfig config;
  private final TrainerConfig common;
  private volatile boolean closed;
  private final AtomicLong skipped = new AtomicLong();
  private final MemberTraining memberTraining;
  private volatile Map<String, Double> ensembleValidation = Map.of();

  /**
   * Creates a trainer.
   *
   * @param config the settings
   * @throws NullPointerException if config is null
   */
  public TwoTowerTrainer(TwoTowerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.common = config.common();
    this.memberTraining = new MemberTraining(config, skipped);
  }

  @Override
  public Encoder train(Dataset data, TrainingListener listener) {
    if (closed) {
      throw new IllegalStateException("trainer is closed");
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(listener, "listener");
    if (data.interactions().isEmpty()) {
      throw new IllegalArgumentException("data set '" + data.name() + "' has no interactions");
    }
    int budget = common.threads() > 0 ? common.threads()
        : Runtime.getRuntime().availableProcessors();
    // The torch profiler records the whole process: members one after the other under it.
    int parallel = TorchOpProfile.active() ? 1 : Math.min(config.ensembleSize(), budget);
    try (TorchScope scope =
        TorchScope.open(parallel > 1 ? Math.max(1, budget / parallel) : common.threads())) {
      return trainWithoutGradMode(data, listener, parallel);
    }
  }

  private TorchTwoTowerEncoder trainWithoutGradMode(Dataset data, TrainingListener listener,
      int parallel) {
    Featurizer featurizer = Featurizer.fit(data, config.maxHistory(), MAX_TAGS);
    ItemFeatures[] itemByRow = new ItemFeatures[featurizer.itemCount() + 1];
    itemByRow[0] = ItemFeatures.of(Long.MIN_VALUE);
    data.items().values().forEach(i -> itemByRow[featurizer.itemRow(i.itemId())] = i);
    TrainingSequences all = TrainingSequences.of(data, featurizer);
    LOG.info("Training two-tower model on {}: {}", data, config);

    int members = config.ensembleSize();
    ensembleValidation = Map.of();
    List<Model> models = new ArrayList<>(members);
    List<Checkpoint> checkpoints = new ArrayList<>(members);
    TrainingListener heard = parallel > 1 ? MembersAtOnce.oneAtATime(listener) : listener;
    for (int m = 0; m < members; m++) {
      ModelSpec spec = featurizer.spec(config.dimension(), config.embeddingDimension(),
          config.hiddenDimension(), config.memberPooling(m));
      Checkpoint checkpoint = common.checkpointDirectory() == null ? null
          : Checkpoint.ofMember(common.checkpointDirectory(),
              Checkpoint.fingerprint(config, data, spec), m, members);
      checkpoints.add(checkpoint);
      models.add(new Model(spec, featurizer, itemByRow, heard, checkpoint, m));
    }
    if (members > 1) {
      LOG.info("Ensemble of {} members, {} at a time: seeds {} to {}, poolings {}", members,
          parallel, common.seed(), common.seed() + members - 1,
          models.stream().map(model -> model.spec().pooling()).toList());
    }
    List<Trained> trained = parallel > 1
        ? MembersAtOnce.run(models.stream().<Callable<Trained>>map(model -> () -> {
          // a new thread's grad mode is on; the optimiser's in-place updates need it off
          TorchRuntime.setGradMode(false);
          return memberTraining.train(model, all);
        }).toList(), parallel)
        : models.stream().map(model -> memberTraining.train(model, all)).toList();
    List<ModelFile.Member> served = new ArrayList<>(members);
    List<List<NamedTensor>> selected = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      served.add(new ModelFile.Member(models.get(m).spec(), trained.get(m).served().weights()));
      selected.add(trained.get(m).selected());
    }
    if (members > 1) {
      ensembleValidation = validateEnsemble(models.stream().map(Model::spec).toList(), featurizer,
          itemByRow, all, selected);
    }
    TorchTwoTowerEncoder result = TorchTwoTowerEncoder.create(new ModelFile(featurizer, served));
    for (Checkpoint c : checkpoints) {
      if (c != null) {
        c.delete();
      }
    }
    return result;
  }

  /**
   * The ensemble's figures on the hold-out, from each member's selected weights; empty when some
   * member's selection did not run in this call (it was resumed past it) or nothing was held out.
   */
  private Map<String, Double> validateEnsemble(List<ModelSpec> specs, Featurizer featurizer,
      ItemFeatures[] itemByRow, TrainingSequences all, List<List<NamedTensor>> selected) {
    if (config.patience() == 0 || selected.contains(null)) {
      return Map.of();
    }
    TrainingSequences.HoldOut held = all.holdOutLast(MemberTraining.MIN_HELD_OUT_LENGTH);
    HoldOutValidation validation =
        HoldOutValidation.sample(held, featurizer.itemCount(), common.seed());
    if (validation.isEmpty()) {
      return Map.of();
    }
    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
      List<TwoTowerNet> nets = new ArrayList<>();
      try {
        for (int m = 0; m < selected.size(); m++) {
          nets.add(TwoTowerNet.create(base, specs.get(m), selected.get(m), false));
        }
        Map<String, Double> metrics =
            validation.measure(base, nets, featurizer, itemByRow, held.train());
        LOG.info("Ensemble of {} members: validation {}", selected.size(), metrics);
        return metrics;
      } finally {
        nets.forEach(TwoTowerNet::close);
      }
    }
  }

  /**
   * Steps given up so far because their gradient was not finite (the weights were left as
   * they were).
   *
   * @return the count over every training this trainer ran
   */
  long skippedSteps() {
    return skipped.get();
  }

  /**
   * The last trained ensemble's figures on the hold-out (HR@10/50/100, NDCG@50 of the members'
   * selected weights served together, as {@link EpochStats#validation()} reports a single model's
   * epochs).
   *
   * @return the metrics by name; empty after a single model, without early stopping, or when a
   *     member was resumed past its model selection
   */
  public Map<String, Double> ensembleValidation() {
    return ensembleValidation;
  }

  @Override
  public void close() {
    closed = true;
  }
}
