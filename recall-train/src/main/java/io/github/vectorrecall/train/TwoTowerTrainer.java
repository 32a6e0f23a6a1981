package io.github.vectorrecall.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.torch.internal.TorchTwoTowerEncoder;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the DJL/PyTorch two-tower model on CPU.
 *
 * <p>Examples respect time: every position {@code t} of a user's chronological, de-duplicated
 * sequence is a target, and the user tower reads the user id, the user's features and the (at
 * most {@code maxHistory}) items before {@code t}, never the target or anything after it.
 *
 * <p>Loss ({@link TrainerConfig#loss()}): sampled softmax (InfoNCE) at a temperature, or BPR.
 * Negatives ({@link TrainerConfig#negatives()}): the other targets of the batch, items drawn
 * from the catalog uniformly or by popularity, or both. With logQ correction each candidate's
 * logit is reduced by the log of its expected count among the negatives (in-batch: batch size ×
 * its frequency in the training stream; sampled: draws × its sampling probability), since popular
 * items are otherwise pushed down just for being popular. A negative that is the same item as the
 * positive (an accidental hit) is masked out. Optimiser: AdamW with linear warm-up and cosine
 * decay, and gradient clipping to a global norm of 1.
 *
 * <p>Model selection ({@link TrainerConfig#patience()} &gt; 0): each user's last item (users
 * with at least 3) is held out, HR@50 on it (full ranking minus the user's history) is measured
 * after every epoch, training stops once it has not improved for {@code patience} epochs, and
 * then, with {@link TrainerConfig#refit()}, a fresh model is trained on all the data for the best
 * epoch count, so the held-out items are not wasted. Given train + validation of a leave-last-out
 * split, the held-out item is exactly the protocol's validation item.
 */
public final class TwoTowerTrainer implements Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerTrainer.class);
  private static final int MAX_TAGS = 8;
  /** Users scored for early stopping at most (sampled with the seed when there are more). */
  private static final int MAX_VALIDATION_USERS = 20_000;
  /**
   * User-item scores per validation at most: large catalogs validate on fewer users (never under
   * {@value #MIN_VALIDATION_USERS}), so that the full ranking stays a few seconds per epoch.
   */
  private static final long MAX_VALIDATION_SCORES = 200_000_000L;
  private static final int MIN_VALIDATION_USERS = 2_000;
  private static final float MASKED = -1e9f;

  private final TrainerConfig config;
  private volatile boolean closed;
  private long skipped;

  /**
   * Creates a trainer.
   *
   * @param config hyper-parameters
   */
  public TwoTowerTrainer(TrainerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Per-user chronological item-row sequences. */
  private static final class Sequences {
    final List<UserFeatures> users = new ArrayList<>();
    final List<int[]> rows = new ArrayList<>();
  }

  /** Held-out items: user index into the training sequences and the item row. */
  private record Validation(int[] users, int[] targets) {}

  /** The outcome of one training run. */
  private record Fit(int bestEpoch, List<NamedTensor> weights) {}

  /** Training examples: each is (user index, position) into the sequences. */
  private static final class Examples {
    final int[] user;
    final int[] pos;
    final int count;

    Examples(Sequences s) {
      int total = 0;
      for (int[] seq : s.rows) {
        total += seq.length;
      }
      user = new int[total];
      pos = new int[total];
      int n = 0;
      for (int u = 0; u < s.rows.size(); u++) {
        for (int p = 0; p < s.rows.get(u).length; p++) {
          user[n] = u;
          pos[n] = p;
          n++;
        }
      }
      count = n;
    }
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
    configureThreads();
    // Torch's grad mode is per thread, and DJL turns it off only on the thread that loaded the
    // engine; a gradient collector restores whatever mode it found. The optimizer's in-place
    // updates need it off, whichever thread trains.
    // An explicit thread count also applies when the engine was loaded earlier (torch's
    // intra-op pool is process-wide; it is restored afterwards).
    Engine.getEngine("PyTorch");
    boolean gradMode = JniUtils.isGradMode();
    int threads = JniUtils.getNumThreads();
    JniUtils.setGradMode(false);
    if (config.threads() > 0) {
      JniUtils.setNumThreads(config.threads());
    }
    try {
      return trainWithoutGradMode(data, listener);
    } finally {
      JniUtils.setGradMode(gradMode);
      JniUtils.setNumThreads(threads);
    }
  }

  private TorchTwoTowerEncoder trainWithoutGradMode(Dataset data, TrainingListener listener) {
    Featurizer featurizer = Featurizer.fit(data, config.maxHistory(), MAX_TAGS);
    ModelSpec spec = featurizer.spec(config.dimension(), config.embeddingDimension(),
        config.hiddenDimension(), poolingCode(config.pooling()));
    ItemFeatures[] itemByRow = new ItemFeatures[featurizer.itemCount() + 1];
    itemByRow[0] = ItemFeatures.of(Long.MIN_VALUE);
    data.items().values().forEach(i -> itemByRow[featurizer.itemRow(i.itemId())] = i);
    Sequences all = sequences(data, featurizer);
    LOG.info("Training two-tower model on {}: {}", data, config);

    Checkpoint checkpoint = config.checkpointDirectory() == null ? null
        : new Checkpoint(config.checkpointDirectory(), fingerprint(data, spec));
    Checkpoint.State resume = checkpoint == null ? null : checkpoint.read();
    if (resume != null && !sameShapes(resume.weights(), spec)) {
      LOG.warn("Checkpoint {} holds weights of another shape; training starts over",
          checkpoint.file());
      resume = null;
    }
    if (resume != null) {
      LOG.info("Resuming from {}: {} fit, epoch {} of {} done", checkpoint.file(),
          resume.phase() == Checkpoint.PHASE_SELECT ? "model-selection" : "final",
          resume.epoch(), resume.plannedEpochs());
    }
    TorchTwoTowerEncoder result =
        selectAndFit(spec, featurizer, itemByRow, all, listener, checkpoint, resume);
    if (checkpoint != null) {
      checkpoint.delete();
    }
    return result;
  }

  /** Whether saved weights have the names and shapes of a fresh model of this layout. */
  private static boolean sameShapes(List<NamedTensor> saved, ModelSpec spec) {
    List<NamedTensor> fresh = ModelWeights.initial(spec, new Random(0));
    if (fresh.size() != saved.size()) {
      return false;
    }
    for (int i = 0; i < fresh.size(); i++) {
      if (!fresh.get(i).name().equals(saved.get(i).name())
          || !java.util.Arrays.equals(fresh.get(i).shape(), saved.get(i).shape())) {
        return false;
      }
    }
    return true;
  }

  private TorchTwoTowerEncoder selectAndFit(ModelSpec spec, Featurizer featurizer,
      ItemFeatures[] itemByRow, Sequences all, TrainingListener listener, Checkpoint checkpoint,
      Checkpoint.State resume) {
    Checkpoint.State resumeFinal =
        resume != null && resume.phase() == Checkpoint.PHASE_FINAL ? resume : null;
    if (config.patience() == 0) {
      return encoder(spec, featurizer, fit(spec, featurizer, itemByRow, all, null,
          config.epochs(), listener, checkpoint, Checkpoint.PHASE_FINAL, resumeFinal).weights());
    }
    Sequences train = new Sequences();
    List<Integer> heldUsers = new ArrayList<>();
    List<Integer> heldTargets = new ArrayList<>();
    for (int u = 0; u < all.rows.size(); u++) {
      int[] seq = all.rows.get(u);
      train.users.add(all.users.get(u));
      if (seq.length >= 3) {
        train.rows.add(java.util.Arrays.copyOf(seq, seq.length - 1));
        heldUsers.add(u);
        heldTargets.add(seq[seq.length - 1]);
      } else {
        train.rows.add(seq);
      }
    }
    Validation validation = sampleValidation(heldUsers, heldTargets, featurizer.itemCount());
    if (validation.users().length == 0) {
      LOG.warn("No user has 3 interactions: nothing to validate on, training {} epochs",
          config.epochs());
      return encoder(spec, featurizer, fit(spec, featurizer, itemByRow, all, null,
          config.epochs(), listener, checkpoint, Checkpoint.PHASE_FINAL, resumeFinal).weights());
    }
    int bestEpoch;
    if (resumeFinal != null) {
      bestEpoch = resumeFinal.plannedEpochs(); // model selection finished before the checkpoint
    } else {
      Fit selected = fit(spec, featurizer, itemByRow, train, validation, config.epochs(),
          listener, checkpoint, Checkpoint.PHASE_SELECT, resume);
      if (!config.refit()) {
        return encoder(spec, featurizer, selected.weights());
      }
      bestEpoch = selected.bestEpoch();
    }
    LOG.info("Refitting on all {} interactions for the best epoch count, {}",
        all.rows.stream().mapToInt(r -> r.length).sum(), bestEpoch);
    return encoder(spec, featurizer, fit(spec, featurizer, itemByRow, all, null, bestEpoch,
        listener, checkpoint, Checkpoint.PHASE_FINAL, resumeFinal).weights());
  }

  /**
   * What a checkpoint must match to be resumed: every setting that changes the result (not the
   * thread count or the checkpoint directory), a hash of the interactions, and the model layout
   * the features give (vocabulary sizes, fields), so that changed features start over.
   */
  private String fingerprint(Dataset data, ModelSpec spec) {
    long h = 1125899906842597L;
    for (Interaction i : data.interactions()) {
      h = 31 * (31 * (31 * h + i.userId()) + i.itemId()) + i.timestamp();
    }
    h = 31 * (31 * h + data.users().size()) + data.items().size();
    TrainerConfig c = config;
    return String.join(",", "dim=" + c.dimension(), "emb=" + c.embeddingDimension(),
        "hidden=" + c.hiddenDimension(), "epochs=" + c.epochs(), "batch=" + c.batchSize(),
        "lr=" + c.learningRate(), "wd=" + c.weightDecay(), "tau=" + c.temperature(),
        "history=" + c.maxHistory(), "seed=" + c.seed(), "pooling=" + c.pooling(),
        "loss=" + c.loss(), "negatives=" + c.negatives(), "sampled=" + c.sampledNegatives(),
        "logq=" + c.logQCorrection(), "patience=" + c.patience(), "refit=" + c.refit(),
        "options=" + c.options(), "interactions=" + data.interactions().size(),
        "data=" + Long.toHexString(h), "layout=" + spec);
  }

  private TorchTwoTowerEncoder encoder(ModelSpec spec, Featurizer f, List<NamedTensor> w) {
    return TorchTwoTowerEncoder.create(spec, f, w);
  }

  private Validation sampleValidation(List<Integer> users, List<Integer> targets, int items) {
    int n = users.size();
    int cap = (int) Math.max(MIN_VALIDATION_USERS,
        Math.min(MAX_VALIDATION_USERS, MAX_VALIDATION_SCORES / Math.max(1, items)));
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (n > cap) {
      shuffle(idx, new Random(config.seed() ^ 0x5DEECE66DL));
      n = cap;
    }
    int[] u = new int[n];
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      u[i] = users.get(idx[i]);
      t[i] = targets.get(idx[i]);
    }
    return new Validation(u, t);
  }

  /**
   * Trains a fresh model for up to {@code epochs}; with a validation set, keeps the weights of
   * the best epoch by HR@50 and stops after {@code patience} epochs without improvement.
   */
  private Fit fit(ModelSpec spec, Featurizer featurizer, ItemFeatures[] itemByRow,
      Sequences seqs, Validation validation, int epochs, TrainingListener listener,
      Checkpoint checkpoint, int phase, Checkpoint.State resume) {
    Examples ex = new Examples(seqs);
    int batch = Math.min(config.batchSize(), Math.max(2, ex.count));
    int batchesPerEpoch = Math.max(1, ex.count / batch);
    int itemRows = featurizer.itemCount() + 1;
    long[] counts = new long[itemRows];
    for (int e = 0; e < ex.count; e++) {
      counts[seqs.rows.get(ex.user[e])[ex.pos[e]]]++;
    }
    Negatives negatives = new Negatives(config, counts, batch);

    listener.onStart(epochs, (long) batchesPerEpoch * batch);
    long totalSteps = (long) batchesPerEpoch * epochs;
    long warmUp = Math.max(1, Math.min(totalSteps / 10, 500));
    float peak = config.learningRate();

    try (NDManager base = NDManager.newBaseManager("PyTorch");
        TwoTowerNet net = TwoTowerNet.create(base, spec, resume != null ? resume.weights()
            : ModelWeights.initial(spec, new Random(config.seed())), true)) {
      AdamW optimizer = new AdamW(base, config.weightDecay(), 1f);
      long stepCount = 0;
      if (resume != null) {
        optimizer.restore(resume.moments(), resume.adamSteps());
        stepCount = resume.steps();
      }
      UserBatch ub = new UserBatch(batch, spec);
      ItemBatch ib = new ItemBatch(batch, spec);
      int sampled = negatives.sampled();
      ItemBatch sb = sampled > 0 ? new ItemBatch(sampled, spec) : null;
      int[] sampledRows = new int[sampled];
      int[] order = new int[ex.count];
      int[] targets = new int[batch];
      double seconds = resume != null ? resume.seconds() : 0;
      double bestHr = resume != null ? resume.bestHr() : -1;
      int bestEpoch = resume != null ? resume.bestEpoch() : epochs;
      List<NamedTensor> best = resume != null && !resume.best().isEmpty() ? resume.best() : null;
      int sinceBest = resume != null ? resume.sinceBest() : 0;
      if (resume != null && resume.finished()) {
        return new Fit(bestEpoch, best != null ? best : resume.weights());
      }
      for (int epoch = resume != null ? resume.epoch() + 1 : 1; epoch <= epochs; epoch++) {
        long start = System.nanoTime();
        // One generator per epoch, from the seed: a resumed run draws what an unbroken one would.
        Random rnd = new Random(config.seed() ^ (0x9E3779B97F4A7C15L * epoch));
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        shuffle(order, rnd);
        double lossSum = 0;
        long lossCount = 0;
        int progressEvery = Math.max(1, batchesPerEpoch / 20);
        for (int bi = 0; bi < batchesPerEpoch; bi++) {
          for (int j = 0; j < batch; j++) {
            int e = order[bi * batch + j];
            int[] seq = seqs.rows.get(ex.user[e]);
            featurizer.fillUser(ub, j, seqs.users.get(ex.user[e]), seq, 0, ex.pos[e]);
            targets[j] = seq[ex.pos[e]];
            featurizer.fillItem(ib, j, itemByRow[targets[j]]);
          }
          if (sampled > 0) {
            negatives.draw(rnd, sampledRows);
            for (int j = 0; j < sampled; j++) {
              featurizer.fillItem(sb, j, itemByRow[sampledRows[j]]);
            }
          }
          long s = stepCount++;
          float lr = s < warmUp ? peak * (s + 1) / warmUp : (float) (peak * (0.05 + 0.95 * 0.5
              * (1 + Math.cos(Math.PI * Math.min(1.0, (double) (s - warmUp)
              / Math.max(1, totalSteps - warmUp))))));
          double l = step(base, net, optimizer, lr, ub, ib, targets, sb, sampledRows, negatives);
          if (Double.isNaN(l)) {
            skipped++;
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
        double epochSeconds = (System.nanoTime() - start) / 1e9;
        seconds += epochSeconds;
        if (skipped > 0) {
          LOG.warn("Non-finite gradients so far: {} step(s) skipped", skipped);
        }
        Map<String, Double> metrics = Map.of();
        boolean stop = false;
        if (validation != null) {
          metrics = validate(base, net, featurizer, itemByRow, seqs, validation);
          double hr = metrics.get("HR@50");
          if (hr > bestHr) {
            bestHr = hr;
            bestEpoch = epoch;
            best = net.export();
            sinceBest = 0;
          } else if (++sinceBest >= config.patience()) {
            stop = true;
          }
        }
        if (checkpoint != null) {
          checkpoint.write(new Checkpoint.State(phase, epochs, epoch, stepCount,
              optimizer.steps(), seconds, bestHr, bestEpoch, sinceBest, stop || epoch == epochs,
              net.export(), optimizer.exportMoments(), best != null ? best : List.of()));
        }
        double eta = stop ? 0 : seconds / epoch * (epochs - epoch);
        listener.onEpochEnd(new EpochStats(epoch, epochs, lossSum / Math.max(1, lossCount),
            epochSeconds, (double) batchesPerEpoch * batch / epochSeconds, eta, metrics));
        if (stop) {
          LOG.info("Early stop after epoch {}: best validation HR@50 {} at epoch {}", epoch,
              String.format("%.4f", bestHr), bestEpoch);
          break;
        }
      }
      return new Fit(bestEpoch, best != null ? best : net.export());
    }
  }

  /**
   * HR@10/50/100 and NDCG@50 of the held-out items: each user's history is the training
   * sequence, the ranking is over the whole catalog minus that history.
   */
  private Map<String, Double> validate(NDManager base, TwoTowerNet net, Featurizer featurizer,
      ItemFeatures[] itemByRow, Sequences seqs, Validation v) {
    int rows = itemByRow.length;
    int d = config.dimension();
    float[] items = new float[rows * d];
    int chunk = 1024;
    ItemBatch ib = new ItemBatch(chunk, net.spec());
    for (int from = 1; from < rows; from += chunk) {
      int n = Math.min(chunk, rows - from);
      for (int j = 0; j < chunk; j++) {
        featurizer.fillItem(ib, j, itemByRow[from + Math.min(j, n - 1)]);
      }
      try (NDManager m = base.newSubManager()) {
        float[] out = net.itemTower(m, ib).toFloatArray();
        System.arraycopy(out, 0, items, from * d, n * d);
      }
    }
    int users = v.users().length;
    UserBatch ub = new UserBatch(chunk, net.spec());
    float[] scores = new float[rows];
    double hr10 = 0;
    double hr50 = 0;
    double hr100 = 0;
    double ndcg50 = 0;
    for (int from = 0; from < users; from += chunk) {
      int n = Math.min(chunk, users - from);
      for (int j = 0; j < chunk; j++) {
        int u = v.users()[from + Math.min(j, n - 1)];
        int[] seq = seqs.rows.get(u);
        featurizer.fillUser(ub, j, seqs.users.get(u), seq, 0, seq.length);
      }
      float[] uv;
      try (NDManager m = base.newSubManager()) {
        uv = net.userTower(m, ub).toFloatArray();
      }
      for (int j = 0; j < n; j++) {
        int u = v.users()[from + j];
        for (int r = 1; r < rows; r++) {
          float s = 0;
          for (int k = 0; k < d; k++) {
            s += uv[j * d + k] * items[r * d + k];
          }
          scores[r] = s;
        }
        scores[0] = Float.NEGATIVE_INFINITY;
        for (int r : seqs.rows.get(u)) {
          scores[r] = Float.NEGATIVE_INFINITY;
        }
        float target = scores[v.targets()[from + j]];
        int rank = 1;
        for (int r = 1; r < rows; r++) {
          if (scores[r] > target) {
            rank++;
          }
        }
        hr10 += rank <= 10 ? 1 : 0;
        hr50 += rank <= 50 ? 1 : 0;
        hr100 += rank <= 100 ? 1 : 0;
        ndcg50 += rank <= 50 ? 1 / (Math.log(rank + 1) / Math.log(2)) : 0;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("HR@10", hr10 / users);
    m.put("HR@50", hr50 / users);
    m.put("HR@100", hr100 / users);
    m.put("NDCG@50", ndcg50 / users);
    return m;
  }

  private double step(NDManager base, TwoTowerNet net, AdamW optimizer, float lr, UserBatch ub,
      ItemBatch ib, int[] targets, ItemBatch sb, int[] sampledRows, Negatives negatives) {
    int n = targets.length;
    float tau = config.temperature();
    try (NDManager step = base.newSubManager()) {
      NDArray loss;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray u = net.userTower(step, ub);
        NDArray v = net.itemTower(step, ib);
        NDArray temperature = TwoTowerNet.constant(step, tau);
        NDArray positive = u.mul(v).sum(new int[] {1}, true).div(temperature);
        NDList negs = new NDList();
        NDList negMasks = new NDList();
        float[] positiveCorrection = negatives.positiveCorrection(targets);
        if (negatives.inBatch()) {
          NDArray logits = u.matMul(v.transpose()).div(temperature);
          float[] mask = inBatchMask(targets);
          float[] corr = negatives.inBatchCorrection(targets);
          negs.add(logits.sub(step.create(corr, new Shape(1, n))));
          negMasks.add(step.create(mask, new Shape(n, n)));
        }
        if (sb != null) {
          NDArray vs = net.itemTower(step, sb);
          NDArray logits = u.matMul(vs.transpose()).div(temperature);
          int s = sampledRows.length;
          negs.add(logits.sub(step.create(negatives.sampledCorrection(sampledRows),
              new Shape(1, s))));
          negMasks.add(step.create(sampledMask(targets, sampledRows), new Shape(n, s)));
        }
        NDArray neg = negs.size() == 1 ? negs.get(0) : NDArrays.concat(negs, 1);
        NDArray negMask = negMasks.size() == 1 ? negMasks.get(0) : NDArrays.concat(negMasks, 1);
        if (config.loss() == TrainerConfig.Loss.BPR) {
          // -log sigmoid(pos - neg) = log(1 + exp(neg - pos)), over the valid negatives;
          // scores are cosine / temperature, so exp never overflows.
          NDArray valid = negMask.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
          NDArray diff = neg.sub(positive);
          NDArray one = TwoTowerNet.constant(step, 1f);
          loss = diff.exp().add(one).log().mul(valid).sum().div(valid.sum().add(one));
        } else {
          NDArray pos = positive.sub(step.create(positiveCorrection, new Shape(n, 1)));
          NDArray logits = NDArrays.concat(new NDList(pos, neg.add(negMask)), 1);
          loss = logits.logSoftmax(1).get(":, 0").sum().div(TwoTowerNet.constant(step, -n));
        }
        gc.backward(loss);
      }
      float value = loss.getFloat();
      if (!optimizer.step(step, net.parameters(), lr) || !Float.isFinite(value)) {
        return Double.NaN;
      }
      return value;
    }
  }

  /**
   * The in-batch negatives' mask: the diagonal (the positive itself, scored separately) and
   * every other column holding the same item as row i's positive (an accidental hit) get -1e9.
   */
  static float[] inBatchMask(int[] targets) {
    int n = targets.length;
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (targets[i] == targets[j]) {
          mask[i * n + j] = MASKED;
        }
      }
    }
    return mask;
  }

  /** -1e9 where a sampled negative is row i's positive. */
  static float[] sampledMask(int[] targets, int[] sampled) {
    float[] mask = new float[targets.length * sampled.length];
    for (int i = 0; i < targets.length; i++) {
      for (int j = 0; j < sampled.length; j++) {
        if (targets[i] == sampled[j]) {
          mask[i * sampled.length + j] = MASKED;
        }
      }
    }
    return mask;
  }

  private static int poolingCode(TrainerConfig.Pooling p) {
    return switch (p) {
      case MEAN -> ModelSpec.POOL_MEAN;
      case RECENCY -> ModelSpec.POOL_RECENCY;
      case ATTENTION -> ModelSpec.POOL_ATTENTION;
      case NONE -> ModelSpec.POOL_NONE;
    };
  }

  private static Sequences sequences(Dataset data, Featurizer featurizer) {
    Sequences s = new Sequences();
    for (Map.Entry<Long, List<Interaction>> e :
        LeaveLastOutSplit.chronologicalByUser(data.interactions()).entrySet()) {
      List<Interaction> list = e.getValue();
      int[] seq = new int[list.size()];
      for (int i = 0; i < seq.length; i++) {
        seq[i] = featurizer.itemRow(list.get(i).itemId());
      }
      s.users.add(data.users().get(e.getKey()));
      s.rows.add(seq);
    }
    return s;
  }

  static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private void configureThreads() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      int threads = config.threads() > 0
          ? config.threads() : Runtime.getRuntime().availableProcessors();
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /**
   * Steps given up so far because their gradient was not finite (the weights were left as
   * they were).
   *
   * @return the count over every training this trainer ran
   */
  long skippedSteps() {
    return skipped;
  }

  @Override
  public void close() {
    closed = true;
  }
}
