package io.github.vectorrecall.train;

import ai.djl.ndarray.NDManager;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's training for {@link TwoTowerTrainer} (a single model, or one ensemble member):
 * resuming from its checkpoint, model selection with early stopping on the hold-out, the refit
 * on all the data, and the epoch loop that runs each {@link TrainingStep} and reports to the
 * member's listener. Members trained at once each call {@link #train} on a thread of their own;
 * what they share (the settings and the count of skipped steps) is read-only or atomic.
 */
final class MemberTraining {
  // Logs under the trainer's name, so that its lines and the debug switch of the step profile
  // (BENCHMARKS.md) keep the category they had.
  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerTrainer.class);
  /** Users with fewer interactions give up none for validation. */
  static final int MIN_HELD_OUT_LENGTH = 3;

  private final TwoTowerConfig config;
  private final TrainerConfig common;
  private final AtomicLong skipped;

  /**
   * Creates the training of the members of one configuration.
   *
   * @param config the settings
   * @param skipped counts the steps given up for a non-finite gradient, over all members
   */
  MemberTraining(TwoTowerConfig config, AtomicLong skipped) {
    this.config = config;
    this.common = config.common();
    this.skipped = skipped;
  }

  /** The outcome of one training run. */
  record Fit(int bestEpoch, List<NamedTensor> weights) {}

  /**
   * A member's training: the model it serves and, when model selection ran in this call, the
   * weights it selected on the hold-out (else null).
   */
  record Trained(Fit served, List<NamedTensor> selected) {}

  /** What every fit of one member shares. */
  record Model(ModelSpec spec, Featurizer featurizer, ItemFeatures[] itemByRow,
      TrainingListener listener, Checkpoint checkpoint, int member) {}

  /** Member m trains from seed {@code seed + m}: its initial weights, shuffles and negatives. */
  private long seedOf(Model model) {
    return common.seed() + model.member();
  }

  /**
   * Trains one member from its checkpoint, if it has one: model selection on the hold-out, then
   * the refit (or the configured epochs without selection).
   *
   * @param model the member
   * @param all every training sequence
   * @return the weights it serves and, when selection ran in this call, those it selected
   */
  Trained train(Model model, TrainingSequences all) {
    ModelSpec spec = model.spec();
    Checkpoint checkpoint = model.checkpoint();
    Checkpoint.State resume = checkpoint == null ? null : checkpoint.read();
    if (resume != null && !sameShapes(resume.weights(), spec)) {
      LOG.warn("Checkpoint {} holds weights of another shape; training starts over",
          checkpoint.file());
      resume = null;
    }
    if (resume != null) {
      LOG.info("Resuming from {}: {} fit, epoch {} of {} done", checkpoint.file(),
          resume.phase() == Checkpoint.Phase.SELECT ? "model-selection" : "final",
          resume.epoch(), resume.plannedEpochs());
    }
    return selectAndFit(model, all, resume);
  }

  /** Whether saved weights have the names and shapes of a fresh model of this layout. */
  private static boolean sameShapes(List<NamedTensor> saved, ModelSpec spec) {
    List<NamedTensor> fresh = ModelWeights.initial(spec, new Random(0));
    if (fresh.size() != saved.size()) {
      return false;
    }
    for (int i = 0; i < fresh.size(); i++) {
      if (!fresh.get(i).name().equals(saved.get(i).name())
          || !Arrays.equals(fresh.get(i).shape(), saved.get(i).shape())) {
        return false;
      }
    }
    return true;
  }

  private Trained selectAndFit(Model model, TrainingSequences all, Checkpoint.State resume) {
    Checkpoint.State resumeFinal =
        resume != null && resume.phase() == Checkpoint.Phase.FINAL ? resume : null;
    if (config.patience() == 0) {
      return new Trained(fit(model, all, null, common.epochs(), Checkpoint.Phase.FINAL,
          resumeFinal), null);
    }
    TrainingSequences.HoldOut held = all.holdOutLast(MIN_HELD_OUT_LENGTH);
    HoldOutValidation validation =
        HoldOutValidation.sample(held, model.featurizer().itemCount(), common.seed());
    if (validation.isEmpty()) {
      LOG.warn("No user has {} interactions: nothing to validate on, training {} epochs",
          MIN_HELD_OUT_LENGTH, common.epochs());
      return new Trained(fit(model, all, null, common.epochs(), Checkpoint.Phase.FINAL,
          resumeFinal), null);
    }
    int bestEpoch;
    List<NamedTensor> selectedWeights = null;
    if (resumeFinal != null) {
      bestEpoch = resumeFinal.plannedEpochs(); // model selection finished before the checkpoint
    } else {
      Fit selected = fit(model, held.train(), validation, common.epochs(),
          Checkpoint.Phase.SELECT, resume);
      if (!config.refit()) {
        return new Trained(selected, selected.weights());
      }
      bestEpoch = selected.bestEpoch();
      selectedWeights = selected.weights();
    }
    // A resumed refit finishes the epochs its checkpoint planned, from its weights.
    boolean fresh = config.refitEpochs() == 0;
    int epochs = resumeFinal != null || fresh ? bestEpoch : config.refitEpochs();
    if (resumeFinal == null && fresh) {
      LOG.info("Refitting a fresh model on all {} interactions for the best epoch count, {}",
          all.interactions(), bestEpoch);
    } else if (resumeFinal == null) {
      LOG.info("Refitting: the model of epoch {} continues {} epochs on all {} interactions",
          bestEpoch, epochs, all.interactions());
    }
    return new Trained(fit(model, all, null, epochs, Checkpoint.Phase.FINAL, resumeFinal,
        fresh ? null : selectedWeights), selectedWeights);
  }

  /**
   * Trains a fresh model: {@link #fit(Model, TrainingSequences, HoldOutValidation, int,
   * Checkpoint.Phase, Checkpoint.State, List)} from the member's initial weights.
   */
  private Fit fit(Model model, TrainingSequences seqs, HoldOutValidation validation, int epochs,
      Checkpoint.Phase phase, Checkpoint.State resume) {
    return fit(model, seqs, validation, epochs, phase, resume, null);
  }

  /**
   * Trains for up to {@code epochs}, from the checkpoint's weights when resuming, else from
   * {@code from}, else from the member's initial weights; the optimiser starts afresh (or from
   * the checkpoint) and the learning rate's warm-up and decay are planned over {@code epochs}.
   * With a validation set, keeps the weights of the best epoch by HR@50 and stops after {@code
   * patience} epochs without improvement.
   */
  private Fit fit(Model model, TrainingSequences seqs, HoldOutValidation validation, int epochs,
      Checkpoint.Phase phase, Checkpoint.State resume, List<NamedTensor> from) {
    ModelSpec spec = model.spec();
    Featurizer featurizer = model.featurizer();
    ItemFeatures[] itemByRow = model.itemByRow();
    TrainingListener listener = model.listener();
    int total = seqs.interactions();
    int batch = Math.min(common.batchSize(), Math.max(2, total));
    TrainingBatches batches = config.sequenceWindow() > 1
        ? new WindowBatches(seqs, featurizer, batch, config.sequenceWindow(), config.maxHistory())
        : new PositionBatches(seqs, featurizer, batch);
    int batchesPerEpoch = batches.batchesPerEpoch();
    long[] counts = new long[featurizer.itemCount() + 1];
    for (int u = 0; u < seqs.size(); u++) {
      for (int row : seqs.items(u)) {
        counts[row]++;
      }
    }
    Negatives negatives = new Negatives(config, counts, batch);

    listener.onStart(epochs, (long) batchesPerEpoch * batch);
    LearningRateSchedule schedule =
        new LearningRateSchedule(common.learningRate(), (long) batchesPerEpoch * epochs);

    try (NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE);
        TwoTowerNet net = TwoTowerNet.create(base, spec, resume != null ? resume.weights()
            : from != null ? from : ModelWeights.initial(spec, new Random(seedOf(model))),
            true)) {
      AdamW optimizer = new AdamW(base, config.weightDecay(), 1f, config.weightAveraging());
      long stepCount = 0;
      if (resume != null) {
        optimizer.restore(resume.moments(), resume.adamSteps());
        stepCount = resume.steps();
      }
      // What validation measures and the fit serves: the weights' average, or the weights.
      Supplier<List<NamedTensor>> served = optimizer.averaging()
          ? () -> optimizer.exportAverages(net.parameters()) : net::export;
      TrainingStep trainingStep = new TrainingStep(net, optimizer, negatives,
          BatchLoss.of(config.loss()), config.temperature(), config.lazyUserUpdatesApply());
      ItemRows itemRows = new ItemRows(featurizer, itemByRow, spec);
      TrainingProfile profile = new TrainingProfile();
      double seconds = resume != null ? resume.seconds() : 0;
      EarlyStopping stopping = resume != null ? EarlyStopping.resume(config.patience(), resume)
          : EarlyStopping.start(config.patience(), epochs);
      if (resume != null && resume.finished()) {
        return finished(stopping, served.get());
      }
      try (BatchAssembly assembly =
          new BatchAssembly(batches, negatives, itemRows, trainingStep, batch, spec,
              config.itemIdDropout())) {
        for (int epoch = resume != null ? resume.epoch() + 1 : 1; epoch <= epochs; epoch++) {
          long start = System.nanoTime();
          // One generator per epoch, from the seed: a resumed run draws what an unbroken one would.
          Random rnd = new Random(seedOf(model) ^ (0x9E3779B97F4A7C15L * epoch));
          assembly.startEpoch(rnd, batchesPerEpoch);
          double lossSum = 0;
          long lossCount = 0;
          int progressEvery = Math.max(1, batchesPerEpoch / 20);
          profile.reset();
          TorchOpProfile.epochStarts(epoch);
          for (int bi = 0; bi < batchesPerEpoch; bi++) {
            profile.start();
            TrainingBatch tb = assembly.take(bi);
            profile.lap(TrainingProfile.Phase.ASSEMBLY);
            float lr = schedule.rate(stepCount++);
            double l = trainingStep.run(base, lr, tb, profile);
            if (Double.isNaN(l)) {
              skipped.incrementAndGet();
            }
            if (Double.isFinite(l)) {
              lossSum += l;
              lossCount++;
            }
            if ((bi + 1) % progressEvery == 0 || bi + 1 == batchesPerEpoch) {
              listener.onProgress(epoch, (long) (bi + 1) * batch, (long) batchesPerEpoch * batch,
                  lossSum / Math.max(1, lossCount));
            }
          }
          TorchOpProfile.epochEnds(epoch);
          optimizer.catchUpAll(net.parameters()); // lazy rows: before anything reads weights
          double epochSeconds = (System.nanoTime() - start) / 1e9;
          seconds += epochSeconds;
          if (LOG.isDebugEnabled()) {
            LOG.debug("Epoch {}: {} s training: {}", epoch,
                String.format(Locale.ROOT, "%.2f", epochSeconds), profile.summary());
          }
          if (skipped.get() > 0) {
            LOG.warn("Non-finite gradients so far: {} step(s) skipped", skipped.get());
          }
          Map<String, Double> metrics = Map.of();
          boolean stop = false;
          if (validation != null) {
            List<NamedTensor> measured = optimizer.averaging() ? served.get() : null;
            try (TwoTowerNet averaged = measured == null ? null
                : TwoTowerNet.create(base, spec, measured, false)) {
              metrics = validation.measure(base, averaged != null ? averaged : net, featurizer,
                  itemByRow, seqs);
            }
            stop = stopping.record(epoch, metrics.get(HoldOutValidation.SELECTION_METRIC),
                measured != null ? () -> measured : served);
          }
          if (model.checkpoint() != null) {
            List<NamedTensor> best = stopping.bestWeights();
            model.checkpoint().write(new Checkpoint.State(phase, epochs, epoch, stepCount,
                optimizer.steps(), seconds, stopping.best(), stopping.bestEpoch(),
                stopping.sinceBest(), stop || epoch == epochs, net.export(),
                optimizer.exportMoments(), best != null ? best : List.of()));
          }
          double eta = stop ? 0 : seconds / epoch * (epochs - epoch);
          listener.onEpochEnd(new EpochStats(epoch, epochs, lossSum / Math.max(1, lossCount),
              epochSeconds, (double) batchesPerEpoch * batch / epochSeconds, eta, metrics,
              model.member()));
          if (stop) {
            LOG.info("Early stop after epoch {}: best validation HR@50 {} at epoch {}", epoch,
                String.format("%.4f", stopping.best()), stopping.bestEpoch());
            break;
          }
        }
        return finished(stopping, served.get());
      }
    }
  }

  /** The fit's outcome: the best epoch's weights when kept, else the last ones. */
  private static Fit finished(EarlyStopping stopping, List<NamedTensor> last) {
    List<NamedTensor> best = stopping.bestWeights();
    return new Fit(stopping.bestEpoch(), best != null ? best : last);
  }
}
