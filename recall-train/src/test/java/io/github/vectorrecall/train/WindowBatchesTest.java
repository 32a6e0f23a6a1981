package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.model.JavaTwoTowerEncoder;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.torch.internal.TorchRuntime;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-pass windows cover every target once an epoch, and pool each target's history exactly as
 * the user tower pools it one user at a time, and as the served plain-Java encoder pools that
 * prefix of the sequence: for every pooling, with histories longer than the window of {@value
 * #HISTORY} items, and with items the model does not know inside the sequences.
 */
class WindowBatchesTest {
  private static final int HISTORY = 7;
  private static final int WINDOW = 5;
  private static final int BATCH = 23;
  private static final long UNKNOWN = 9_000_000L;

  private record Fixture(TrainingSequences seqs, Featurizer featurizer) {}

  /** Synthetic sequences, every fifth interaction doubled by an item the featurizer never saw. */
  private static Fixture fixture() {
    Dataset synthetic = SyntheticDataset.builder().users(40).items(60).meanInteractions(15)
        .seed(4).generate();
    List<Interaction> all = new ArrayList<>(synthetic.interactions());
    for (int i = 0; i < synthetic.interactions().size(); i += 5) {
      Interaction x = synthetic.interactions().get(i);
      all.add(new Interaction(x.userId(), UNKNOWN + i, x.timestamp()));
    }
    Featurizer f = Featurizer.fit(synthetic, HISTORY, 8);
    Dataset data = Dataset.of("with-unknown-items", all, synthetic.users().values(),
        synthetic.items().values());
    return new Fixture(TrainingSequences.of(data, f), f);
  }

  @Test
  void fill_everyTargetOnceAnEpoch() {
    Fixture x = fixture();
    ModelSpec spec = x.featurizer().spec(8, 6, 10, Pooling.RECENCY);
    WindowBatches batches =
        new WindowBatches(x.seqs(), x.featurizer(), BATCH, WINDOW, HISTORY);
    assertEquals(x.seqs().interactions() / BATCH, batches.batchesPerEpoch());
    TrainingBatch b = new TrainingBatch(BATCH, 0, spec);
    for (long seed = 1; seed <= 2; seed++) {
      batches.shuffle(new Random(seed));
      Set<Long> seen = new HashSet<>();
      for (int bi = 0; bi < batches.batchesPerEpoch(); bi++) {
        batches.fill(bi, b);
        for (int j = 0; j < BATCH; j++) {
          assertTrue(seen.add((long) b.owners[j] << 32 | b.positions[j]),
              "seed " + seed + ": target of user " + b.owners[j] + " at " + b.positions[j]
                  + " twice");
          assertEquals(x.seqs().items(b.owners[j])[b.positions[j]], b.targets[j]);
        }
      }
      assertEquals(batches.batchesPerEpoch() * BATCH, seen.size());
    }
  }

  @Test
  void pooledWindows_equalPerPositionPoolingAndTheServedEncoder(@TempDir Path dir) {
    Fixture x = fixture();
    TrainingSequences seqs = x.seqs();
    for (Pooling pooling : Pooling.values()) {
      ModelSpec spec = x.featurizer().spec(8, 6, 10, pooling);
      Random rnd = new Random(31 + pooling.ordinal());
      List<NamedTensor> weights = ModelWeights.initial(spec, rnd);
      for (NamedTensor t : weights) { // away from the initial values, which hide rank mix-ups
        if (t.name().equals(ModelWeights.HISTORY_DECAY)) {
          t.data()[0] = (float) Math.log(0.4);
        } else if (t.name().equals(ModelWeights.HISTORY_DECAY_FAST)) {
          t.data()[0] = (float) Math.log(1.7);
        } else if (t.name().equals("history_pos")) {
          for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = (float) rnd.nextGaussian();
          }
        }
      }
      Path model = dir.resolve(pooling.name());
      new ModelFile(spec, x.featurizer(), weights).write(model);
      WindowBatches batches =
          new WindowBatches(seqs, x.featurizer(), BATCH, WINDOW, HISTORY);
      TrainingBatch b = new TrainingBatch(BATCH, 0, spec);
      UserBatch one = new UserBatch(BATCH, spec);
      batches.shuffle(new Random(2));
      try (TorchScope scope = TorchScope.open(1);
          NDManager base = NDManager.newBaseManager(TorchRuntime.ENGINE);
          TwoTowerNet net = TwoTowerNet.create(base, spec, weights, false);
          JavaTwoTowerEncoder served = JavaTwoTowerEncoder.load(model)) {
        for (int bi = 0; bi < batches.batchesPerEpoch(); bi++) {
          batches.fill(bi, b);
          for (int j = 0; j < BATCH; j++) {
            x.featurizer().fillUser(one, j, seqs.user(b.owners[j]), seqs.items(b.owners[j]), 0,
                b.positions[j]);
          }
          float[] pooled;
          float[] pooledAlone;
          float[] users;
          float[] usersAlone;
          try (NDManager step = base.newSubManager()) {
            TwoTowerNet.UserInputs features = net.userFeatureInputs(step, b.users);
            TwoTowerNet.WindowInputs windows = net.windowInputs(step, b.windows);
            TwoTowerNet.UserInputs alone = net.userInputs(step, one);
            pooled = net.pooledWindows(step, windows).toFloatArray();
            pooledAlone = net.pooledHistories(step, alone).toFloatArray();
            users = net.userTower(features, () -> net.pooledWindows(step, windows)).toFloatArray();
            usersAlone = net.userTower(step, alone).toFloatArray();
          }
          String what = "pooling " + pooling + ", batch " + bi;
          assertArrayEquals(pooledAlone, pooled, 1e-5f, what + ": pooled histories");
          assertArrayEquals(usersAlone, users, 1e-5f, what + ": user vectors");
          int d = spec.dimension();
          for (int j = 0; j < BATCH; j++) {
            int[] seq = seqs.items(b.owners[j]);
            long[] history = new long[b.positions[j]];
            for (int p = 0; p < history.length; p++) {
              history[p] = seq[p] > 0 ? x.featurizer().itemId(seq[p]) : UNKNOWN - 1;
            }
            float[] expected = served.encodeUser(
                UserQuery.builder(seqs.user(b.owners[j])).history(history).build());
            assertArrayEquals(expected, Arrays.copyOfRange(users, j * d, (j + 1) * d), 1e-5f,
                what + ", user " + b.owners[j] + " at " + b.positions[j] + ": served vector");
          }
        }
      }
    }
  }
}
