package io.github.vectorrecall.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.torch.TorchTwoTowerEncoder;
import io.github.vectorrecall.torch.internal.Featurizer;
import io.github.vectorrecall.torch.internal.ItemBatch;
import io.github.vectorrecall.torch.internal.ModelSpec;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import io.github.vectorrecall.torch.internal.UserBatch;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Loss: in-batch sampled softmax (InfoNCE) at a temperature, where the other targets of the
 * batch are the negatives, with logQ correction (subtracting the log of each item's frequency,
 * since popular items are over-represented as in-batch negatives) and masking of accidental hits
 * (a negative that is the same item as the positive). Optimiser: AdamW with linear warm-up and
 * cosine decay of the learning rate, and gradient clipping to a global norm of 1.
 */
public final class TwoTowerTrainer implements Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerTrainer.class);
  private static final int MAX_TAGS = 8;

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

  /** Examples: each is (user index, position) into the per-user item-row sequences. */
  private static final class Examples {
    final List<UserFeatures> users = new ArrayList<>();
    final List<int[]> sequences = new ArrayList<>();
    int[] exampleUser;
    int[] examplePos;
    int count;
  }

  @Override
  public TorchTwoTowerEncoder train(Dataset data, TrainingListener listener) {
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
    ModelSpec spec = featurizer.spec(
        config.dimension(), config.embeddingDimension(), config.hiddenDimension());
    Examples ex = examples(data, featurizer);
    int batch = Math.min(config.batchSize(), Math.max(2, ex.count));
    int batchesPerEpoch = Math.max(1, ex.count / batch);
    ItemFeatures[] itemByRow = new ItemFeatures[featurizer.itemCount() + 1];
    itemByRow[0] = ItemFeatures.of(Long.MIN_VALUE);
    data.items().values().forEach(i -> itemByRow[featurizer.itemRow(i.itemId())] = i);
    float[] logQ = logFrequencies(ex, featurizer.itemCount() + 1);

    LOG.info("Training two-tower model on {}: {} examples/epoch, {} epochs, {}", data,
        ex.count, config.epochs(), config);
    listener.onStart(config.epochs(), (long) batchesPerEpoch * batch);
    Random rnd = new Random(config.seed());
    long totalSteps = (long) batchesPerEpoch * config.epochs();
    long warmUp = Math.max(1, Math.min(totalSteps / 10, 500));
    LearningRate schedule = step -> {
      float peak = config.learningRate();
      if (step < warmUp) {
        return peak * (step + 1) / warmUp;
      }
      double progress = Math.min(1.0, (double) (step - warmUp) / Math.max(1, totalSteps - warmUp));
      return (float) (peak * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    };

    try (NDManager base = NDManager.newBaseManager("PyTorch");
        TwoTowerNet net = TwoTowerNet.create(base, spec,
            TwoTowerNet.initialWeights(spec, new Random(config.seed())), true)) {
      AdamW optimizer = new AdamW(base, config.weightDecay(), 1f);
      long stepCount = 0;
      UserBatch ub = new UserBatch(batch, spec);
      ItemBatch ib = new ItemBatch(batch, spec);
      float[] batchLogQ = new float[batch];
      int[] order = new int[ex.count];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      double[] epochSeconds = new double[config.epochs()];
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        long start = System.nanoTime();
        shuffle(order, rnd);
        double lossSum = 0;
        long lossCount = 0;
        int progressEvery = Math.max(1, batchesPerEpoch / 20);
        for (int bi = 0; bi < batchesPerEpoch; bi++) {
          int[] targets = new int[batch];
          for (int j = 0; j < batch; j++) {
            int e = order[bi * batch + j];
            int u = ex.exampleUser[e];
            int pos = ex.examplePos[e];
            int[] seq = ex.sequences.get(u);
            featurizer.fillUser(ub, j, ex.users.get(u), seq, 0, pos);
            targets[j] = seq[pos];
            featurizer.fillItem(ib, j, itemByRow[seq[pos]]);
            batchLogQ[j] = logQ[seq[pos]];
          }
          double l = step(base, net, optimizer, schedule.at(stepCount++), ub, ib, targets,
              batchLogQ);
          if (Double.isFinite(l)) {
            lossSum += l;
            lossCount++;
          }
          if ((bi + 1) % progressEvery == 0 || bi + 1 == batchesPerEpoch) {
            listener.onProgress(epoch, (long) (bi + 1) * batch, (long) batchesPerEpoch * batch,
                lossSum / Math.max(1, lossCount));
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        epochSeconds[epoch - 1] = seconds;
        double mean = 0;
        for (int i = 0; i < epoch; i++) {
          mean += epochSeconds[i] / epoch;
        }
        if (skipped > 0) {
          LOG.warn("{} steps skipped so far: their gradient was not finite", skipped);
        }
        listener.onEpochEnd(new EpochStats(epoch, config.epochs(), lossSum / Math.max(1, lossCount),
            seconds, (double) batchesPerEpoch * batch / seconds,
            mean * (config.epochs() - epoch), Map.of()));
      }
      return TorchTwoTowerEncoder.create(spec, featurizer, net.export());
    }
  }

  /** Learning rate by step. */
  private interface LearningRate {
    float at(long step);
  }

  private double step(NDManager base, TwoTowerNet net, AdamW optimizer, float lr, UserBatch ub,
      ItemBatch ib, int[] targets, float[] batchLogQ) {
    int n = targets.length;
    try (NDManager step = base.newSubManager()) {
      NDArray loss;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray u = net.userTower(step, ub);
        NDArray v = net.itemTower(step, ib);
        NDArray logits = u.matMul(v.transpose()).div(config.temperature())
            .sub(step.create(batchLogQ, new Shape(1, n)));
        float[] mask = accidentalHitMask(targets);
        if (mask != null) {
          logits = logits.add(step.create(mask, new Shape(n, n)));
        }
        loss = logits.logSoftmax(1).mul(step.eye(n)).sum().div(-n);
        gc.backward(loss);
      }
      float value = loss.getFloat();
      if (!optimizer.step(step, net.parameters(), lr) || !Float.isFinite(value)) {
        skipped++;
        return Double.NaN;
      }
      return value;
    }
  }

  /** -1e9 where a negative of row i is the same item as row i's positive; null if none. */
  static float[] accidentalHitMask(int[] targets) {
    int n = targets.length;
    Map<Integer, List<Integer>> positions = new HashMap<>();
    boolean any = false;
    for (int i = 0; i < n; i++) {
      List<Integer> list = positions.computeIfAbsent(targets[i], k -> new ArrayList<>(1));
      list.add(i);
      any |= list.size() > 1;
    }
    if (!any) {
      return null;
    }
    float[] mask = new float[n * n];
    for (List<Integer> list : positions.values()) {
      if (list.size() > 1) {
        for (int i : list) {
          for (int j : list) {
            if (i != j) {
              mask[i * n + j] = -1e9f;
            }
          }
        }
      }
    }
    return mask;
  }

  /** log of each item row's share of the training targets (rows never seen get the minimum). */
  static float[] logFrequencies(Examples ex, int rows) {
    long[] counts = new long[rows];
    for (int e = 0; e < ex.count; e++) {
      counts[ex.sequences.get(ex.exampleUser[e])[ex.examplePos[e]]]++;
    }
    float[] out = new float[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = (float) Math.log(Math.max(1, counts[i]) / (double) ex.count);
    }
    return out;
  }

  private static Examples examples(Dataset data, Featurizer featurizer) {
    Examples ex = new Examples();
    int total = 0;
    for (Map.Entry<Long, List<Interaction>> e :
        LeaveLastOutSplit.chronologicalByUser(data.interactions()).entrySet()) {
      List<Interaction> list = e.getValue();
      int[] seq = new int[list.size()];
      for (int i = 0; i < seq.length; i++) {
        seq[i] = featurizer.itemRow(list.get(i).itemId());
      }
      ex.users.add(data.users().get(e.getKey()));
      ex.sequences.add(seq);
      total += seq.length;
    }
    ex.exampleUser = new int[total];
    ex.examplePos = new int[total];
    for (int u = 0; u < ex.sequences.size(); u++) {
      for (int p = 0; p < ex.sequences.get(u).length; p++) {
        ex.exampleUser[ex.count] = u;
        ex.examplePos[ex.count] = p;
        ex.count++;
      }
    }
    return ex;
  }

  private static void shuffle(int[] a, Random rnd) {
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

  @Override
  public void close() {
    closed = true;
  }
}
