package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensembles ({@link TwoTowerConfig#ensembleSize()}): member 0 of an ensemble is the single model
 * of its seed, bit for bit, and member 1 the model of the next seed;
 * the file holds both and both encoders serve it alike; a checkpointed ensemble resumes.
 */
class EnsembleTrainingTest {
  private static Dataset data;
  private static List<ItemFeatures> catalog;

  @BeforeAll
  static void data() {
    data = SyntheticDataset.builder().users(200).items(100).meanInteractions(12).seed(17)
        .generate();
    catalog = new ArrayList<>(data.items().values());
    catalog.sort(Comparator.comparingLong(ItemFeatures::itemId));
  }

  private static TwoTowerConfig config(int members, long seed, Path checkpoint) {
    return config(members, seed, checkpoint, 1);
  }

  private static TwoTowerConfig config(int members, long seed, Path checkpoint, int threads) {
    TrainerConfig.Builder common =
        TrainerConfig.builder().epochs(3).threads(threads).seed(seed);
    if (checkpoint != null) {
      common.checkpointDirectory(checkpoint);
    }
    // Two seeds of one design; the default members' poolings are tested on their own below.
    return TwoTowerConfig.builder().common(common.build()).patience(1).ensembleSize(members)
        .pooling(Pooling.RECENCY).build();
  }

  /** Trains and saves; returns the trainer's ensemble validation. */
  private static Map<String, Double> train(TwoTowerConfig config, Path model,
      TrainingListener listener) {
    try (TwoTowerTrainer trainer = new TwoTowerTrainer(config);
        Encoder encoder = trainer.train(data, listener)) {
      assertEquals(config.dimension() * config.ensembleSize(), encoder.dimension());
      encoder.save(model);
      return trainer.ensembleValidation();
    }
  }

  @Test
  void ensembleOfTwo_isTheModelsOfTwoSeeds_servedAlikeByBothEncoders(@TempDir Path tmp) {
    Map<String, Double> validation = train(config(2, 42, null), tmp.resolve("e2"),
        TrainingListener.NONE);
    train(config(1, 42, null), tmp.resolve("s42"), TrainingListener.NONE);
    train(config(1, 43, null), tmp.resolve("s43"), TrainingListener.NONE);

    ModelFile ensemble = ModelFile.read(tmp.resolve("e2"));
    assertEquals(2, ensemble.members().size());
    assertSameWeights(ModelFile.read(tmp.resolve("s42")).members().get(0).weights(),
        ensemble.members().get(0).weights(), "member 0 is the model of seed 42");
    assertSameWeights(ModelFile.read(tmp.resolve("s43")).members().get(0).weights(),
        ensemble.members().get(1).weights(), "member 1 is the model of seed 43");
    double hr = validation.get("HR@50");
    assertTrue(hr > 0 && hr <= 1, "ensemble validation HR@50 " + validation);

    List<UserQuery> users = new ArrayList<>();
    List<UserFeatures> known = new ArrayList<>(data.users().values());
    known.sort(Comparator.comparingLong(UserFeatures::userId));
    for (int u = 0; u < 20; u++) {
      users.add(UserQuery.builder(known.get(u)).history(catalog.get(u).itemId(),
          catalog.get(u + 1).itemId()).build());
    }
    try (Encoder java = Encoder.load("java", tmp.resolve("e2"));
        Encoder torch = Encoder.load("torch", tmp.resolve("e2"));
        Encoder one = Encoder.load("java", tmp.resolve("s42"));
        Encoder two = Encoder.load("java", tmp.resolve("s43"))) {
      assertEquals(2 * one.dimension(), java.dimension());
      float[][] torchItems = torch.encodeItems(catalog);
      float[][] javaItems = java.encodeItems(catalog);
      float[][] oneItems = one.encodeItems(catalog);
      float[][] twoItems = two.encodeItems(catalog);
      for (int i = 0; i < catalog.size(); i++) {
        assertArrayEquals(torchItems[i], javaItems[i], 1e-5f, "item " + i);
        assertEquals(1.0, dot(javaItems[i], javaItems[i]), 1e-5, "item " + i + " unit length");
      }
      for (UserQuery q : users) {
        float[] u = java.encodeUser(q);
        assertArrayEquals(torch.encodeUser(q), u, 1e-5f, "user " + q.userId());
        assertEquals(1.0, dot(u, u), 1e-5, "user " + q.userId() + " unit length");
        float[] u1 = one.encodeUser(q);
        float[] u2 = two.encodeUser(q);
        for (int i = 0; i < catalog.size(); i++) {
          double mean = (dot(u1, oneItems[i]) + dot(u2, twoItems[i])) / 2;
          assertEquals(mean, dot(u, javaItems[i]), 1e-5,
              "user " + q.userId() + ", item " + i + ": the members' mean score");
        }
      }
    }
  }

  /**
   * Members with their own poolings: member m is the single model of seed + m with pooling
   * m, the file keeps each member's pooling, and both encoders serve it alike.
   */
  @Test
  void memberPoolings_eachMemberIsTheModelOfItsPooling(@TempDir Path tmp) {
    TrainerConfig common = TrainerConfig.builder().epochs(3).threads(1).seed(42).build();
    TwoTowerConfig mixed = TwoTowerConfig.builder().common(common).patience(1).ensembleSize(2)
        .memberPoolings(Pooling.RECENCY, Pooling.TWO_SCALE).build();
    Map<String, Double> validation = train(mixed, tmp.resolve("mixed"), TrainingListener.NONE);
    train(TwoTowerConfig.builder().common(TrainerConfig.builder().epochs(3).threads(1).seed(43)
        .build()).patience(1).pooling(Pooling.TWO_SCALE).build(), tmp.resolve("two-scale"),
        TrainingListener.NONE);

    ModelFile file = ModelFile.read(tmp.resolve("mixed"));
    assertEquals(Pooling.RECENCY, file.members().get(0).spec().pooling());
    assertEquals(Pooling.TWO_SCALE, file.members().get(1).spec().pooling());
    assertSameWeights(ModelFile.read(tmp.resolve("two-scale")).members().get(0).weights(),
        file.members().get(1).weights(), "member 1 is the two-scale model of seed 43");
    double hr = validation.get("HR@50");
    assertTrue(hr > 0 && hr <= 1, "ensemble validation HR@50 " + validation);
    try (Encoder java = Encoder.load("java", tmp.resolve("mixed"));
        Encoder torch = Encoder.load("torch", tmp.resolve("mixed"))) {
      float[][] torchItems = torch.encodeItems(catalog);
      float[][] javaItems = java.encodeItems(catalog);
      for (int i = 0; i < catalog.size(); i++) {
        assertArrayEquals(torchItems[i], javaItems[i], 1e-5f, "item " + i);
      }
      List<UserFeatures> known = new ArrayList<>(data.users().values());
      known.sort(Comparator.comparingLong(UserFeatures::userId));
      for (int u = 0; u < 20; u++) {
        UserQuery q = UserQuery.builder(known.get(u)).history(catalog.get(u).itemId(),
            catalog.get(u + 1).itemId(), catalog.get(u + 2).itemId()).build();
        assertArrayEquals(torch.encodeUser(q), java.encodeUser(q), 1e-5f, "user " + u);
      }
    }
  }

  /**
   * Two threads train the two members at once, each on one torch thread: the same weights, bit
   * for bit, as one thread training them one after the other, and the listener hears every
   * epoch of both.
   */
  @Test
  void membersAtOnce_trainTheModelsOfOneAfterTheOther(@TempDir Path tmp) {
    List<EpochStats> sequential = new ArrayList<>();
    List<EpochStats> atOnce = new ArrayList<>();
    train(config(2, 42, null, 1), tmp.resolve("sequential"), recorder(sequential));
    train(config(2, 42, null, 2), tmp.resolve("at-once"), recorder(atOnce));
    List<ModelFile.Member> expected = ModelFile.read(tmp.resolve("sequential")).members();
    List<ModelFile.Member> actual = ModelFile.read(tmp.resolve("at-once")).members();
    for (int m = 0; m < 2; m++) {
      assertSameWeights(expected.get(m).weights(), actual.get(m).weights(), "member " + m);
    }
    assertEquals(sequential.size(), atOnce.size(), "epochs heard");
    for (int m = 0; m < 2; m++) {
      int member = m;
      // Each member's own events come in order, whatever the other member does meanwhile.
      List<EpochStats> one = sequential.stream().filter(e -> e.member() == member).toList();
      List<EpochStats> two = atOnce.stream().filter(e -> e.member() == member).toList();
      assertFalse(one.isEmpty(), "member " + m + " heard");
      assertEquals(one.size(), two.size(), "epochs of member " + m);
      for (int i = 0; i < one.size(); i++) {
        assertEquals(one.get(i).epoch(), two.get(i).epoch(), "member " + m + " event " + i);
        assertEquals(one.get(i).loss(), two.get(i).loss(), "member " + m + " event " + i);
        assertEquals(one.get(i).validation(), two.get(i).validation(),
            "member " + m + " event " + i);
      }
    }
  }

  /** A listener that keeps every epoch, and fails if two threads call it at once. */
  private static TrainingListener recorder(List<EpochStats> into) {
    java.util.concurrent.atomic.AtomicBoolean inside =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new TrainingListener() {
      @Override
      public void onProgress(int epoch, long done, long total, double loss) {
        enter();
        inside.set(false);
      }

      @Override
      public void onEpochEnd(EpochStats stats) {
        enter();
        into.add(stats);
        inside.set(false);
      }

      private void enter() {
        if (!inside.compareAndSet(false, true)) {
          throw new AssertionError("the listener was called by two threads at once");
        }
        Thread.onSpinWait();
      }
    };
  }

  @Test
  void memberPoolings_moreThanMembers_refused() {
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> TwoTowerConfig.builder().ensembleSize(1)
            .memberPoolings(Pooling.RECENCY, Pooling.MEAN).build());
    assertTrue(e.getMessage().contains("ensembleSize=1"), e.getMessage());
    TwoTowerConfig c = TwoTowerConfig.builder().ensembleSize(3)
        .memberPoolings(Pooling.RECENCY, Pooling.MEAN).build();
    assertEquals(Pooling.RECENCY, c.memberPooling(2));
    assertEquals(Pooling.MEAN, c.memberPooling(1));
    assertThrows(IllegalArgumentException.class,
        () -> c.memberPooling(3));
  }

  @Test
  void interruptedEnsemble_resumesInItsSecondMember(@TempDir Path tmp) {
    interruptedEnsembleResumes(tmp, 1);
  }

  /**
   * Members at once: the crash in one member's thread stops the other and reaches the caller;
   * the rerun resumes both from their checkpoints to the weights of an unbroken run.
   */
  @Test
  void interruptedEnsembleAtOnce_resumes(@TempDir Path tmp) {
    interruptedEnsembleResumes(tmp, 2);
  }

  private static void interruptedEnsembleResumes(Path tmp, int threads) {
    train(config(2, 7, null), tmp.resolve("whole"), TrainingListener.NONE);
    Path checkpoint = tmp.resolve("ckpt");
    TrainingListener crash = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochStats stats) {
        // the checkpoint is written before the listener hears of the epoch
        if (Files.exists(checkpoint.resolve("member-1").resolve(Checkpoint.FILE_NAME))) {
          throw new IllegalStateException("simulated crash in member 1");
        }
      }
    };
    try {
      train(config(2, 7, checkpoint, threads), tmp.resolve("resumed"), crash);
      throw new AssertionError("the simulated crash did not happen");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().startsWith("simulated crash"), expected.getMessage());
    }
    assertTrue(Files.exists(checkpoint.resolve("member-1").resolve(Checkpoint.FILE_NAME)),
        "member 1's checkpoint");
    if (threads == 1) { // one after the other, member 0 had finished; at once it may not have
      assertTrue(Files.exists(checkpoint.resolve(Checkpoint.FILE_NAME)), "member 0's checkpoint");
    }
    train(config(2, 7, checkpoint, threads), tmp.resolve("resumed"), TrainingListener.NONE);
    List<ModelFile.Member> whole = ModelFile.read(tmp.resolve("whole")).members();
    List<ModelFile.Member> resumed = ModelFile.read(tmp.resolve("resumed")).members();
    for (int m = 0; m < 2; m++) {
      assertSameWeights(whole.get(m).weights(), resumed.get(m).weights(), "member " + m);
    }
    assertFalse(Files.exists(checkpoint.resolve(Checkpoint.FILE_NAME)),
        "a completed ensemble deletes member 0's checkpoint");
    assertFalse(Files.exists(checkpoint.resolve("member-1").resolve(Checkpoint.FILE_NAME)),
        "and member 1's");
  }

  private static void assertSameWeights(List<NamedTensor> expected, List<NamedTensor> actual,
      String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).name(), actual.get(i).name(), what);
      assertArrayEquals(expected.get(i).data(), actual.get(i).data(),
          what + ", tensor " + expected.get(i).name());
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (double) a[k] * b[k];
    }
    return s;
  }
}
