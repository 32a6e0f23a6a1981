package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.spi.EncoderProvider;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.data.SyntheticDataset;
import io.github.vectorrecall.train.eval.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains once on small synthetic data and checks quality, persistence and serving. */
class TwoTowerTrainerTest {
  private static Dataset data;
  private static LeaveLastOutSplit split;
  private static Encoder encoder;
  private static List<ItemFeatures> catalog;
  private static long[] catalogIds;
  private static float[][] itemVectors;

  @BeforeAll
  static void train() {
    data = SyntheticDataset.builder().users(1500).items(600).meanInteractions(30).seed(11)
        .generate();
    split = LeaveLastOutSplit.of(data);
    TrainerConfig config = TrainerConfig.builder().epochs(4).seed(3).build();
    try (Trainer trainer = Trainer.create(config)) {
      encoder = trainer.train(split.trainAndValidation(), TrainingListener.logging());
    }
    catalog = new ArrayList<>(data.items().values());
    catalogIds = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
    itemVectors = encoder.encodeItems(catalog);
  }

  @AfterAll
  static void close() {
    if (encoder != null) {
      encoder.close();
    }
  }

  private static float[][] userVectors(Evaluator eval) {
    return encoder.encodeUsers(queries(eval));
  }

  private static List<UserQuery> queries(Evaluator eval) {
    List<UserQuery> queries = new ArrayList<>();
    for (int c = 0; c < eval.size(); c++) {
      long user = eval.cases().get(c).userId();
      queries.add(UserQuery.builder(data.users().get(user)).history(eval.history(c)).build());
    }
    return queries;
  }

  @Test
  void train_beatsPopularityByTwiceAtHr50() {
    Evaluator eval = new Evaluator(split, catalogIds, Evaluator.Target.TEST);
    Map<String, Double> model = eval.exact(itemVectors, userVectors(eval));
    Map<String, Double> popularity = eval.popularity(split.trainAndValidation());
    assertTrue(model.get("HR@50") >= 2 * popularity.get("HR@50"),
        "model " + model + " vs popularity " + popularity);
  }

  /**
   * Lazy user updates are dense AdamW's training up to float rounding: the rows a batch does
   * not read are caught up on their missed steps when next read and at each epoch's end, so
   * every epoch's loss and the trained vectors agree with dense updates'.
   */
  @Test
  void lazyUserUpdates_trainAsDenseUpdatesDo() {
    Dataset small = SyntheticDataset.builder().users(300).items(120).meanInteractions(20).seed(9)
        .generate();
    List<float[]> lazyVectors = new ArrayList<>();
    List<float[]> denseVectors = new ArrayList<>();
    List<Double> lazy = epochLosses(small, true, lazyVectors);
    List<Double> dense = epochLosses(small, false, denseVectors);
    assertEquals(3, lazy.size());
    for (int e = 0; e < lazy.size(); e++) {
      assertEquals(dense.get(e), lazy.get(e), 1e-5 * dense.get(e), "epoch " + (e + 1));
    }
    for (int i = 0; i < lazyVectors.size(); i++) {
      float[] a = lazyVectors.get(i);
      float[] b = denseVectors.get(i);
      double dot = 0;
      for (int k = 0; k < a.length; k++) {
        dot += a[k] * b[k];
      }
      assertTrue(dot > 0.99, "vector " + i + ": cosine " + dot);
    }
  }

  /** Each epoch's loss of a three-epoch single-model fit; adds its users' vectors to out. */
  private static List<Double> epochLosses(Dataset small, boolean lazy, List<float[]> out) {
    TwoTowerConfig config = TwoTowerConfig.builder()
        .common(TrainerConfig.builder().epochs(3).seed(5).threads(1).build()).patience(0)
        .ensembleSize(1).lazyUserUpdates(lazy).build();
    assertEquals(lazy, config.toString().contains("lazyUserUpdates=true"), config.toString());
    List<Double> losses = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochStats stats) {
        losses.add(stats.loss());
      }
    };
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder e = trainer.train(small, listener)) {
      List<UserQuery> queries = new ArrayList<>();
      for (var user : small.users().values()) {
        queries.add(UserQuery.builder(user).build());
      }
      out.addAll(List.of(e.encodeUsers(queries)));
    }
    return losses;
  }

  /** Each epoch's figures, and how many training runs started: the selection, then the refit. */
  private record Heard(List<EpochStats> epochs, int starts) {
    List<EpochStats> selection() {
      return epochs.stream().filter(s -> !s.validation().isEmpty()).toList();
    }

    int refitEpochs() {
      return epochs.size() - selection().size();
    }

    /** The mean training loss of the refit's first epoch. */
    double refitFirstLoss() {
      return epochs.get(selection().size()).loss();
    }

    /** The selection's best epoch, from 1. */
    int bestEpoch() {
      List<EpochStats> selection = selection();
      int best = 0;
      for (int i = 0; i < selection.size(); i++) {
        double hr = selection.get(i).validation().get("HR@50");
        assertTrue(hr >= 0 && hr <= 1, "HR@50 " + hr);
        if (hr > selection.get(best).validation().get("HR@50")) {
          best = i;
        }
      }
      return best + 1;
    }
  }

  private static Heard trainEarlyStopping(TwoTowerConfig.Builder settings) {
    Dataset small = SyntheticDataset.builder().users(300).items(120).meanInteractions(12).seed(8)
        .generate();
    TwoTowerConfig config = settings
        .common(TrainerConfig.builder().epochs(40).seed(4).build()).patience(1).ensembleSize(1)
        .build();
    List<EpochStats> seen = new ArrayList<>();
    int[] starts = new int[1];
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onStart(int epochs, long examplesPerEpoch) {
        starts[0]++;
      }

      @Override
      public void onEpochEnd(EpochStats stats) {
        seen.add(stats);
      }
    };
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder e = trainer.train(small, listener)) {
      assertEquals(64, e.dimension());
    }
    return new Heard(seen, starts[0]);
  }

  @Test
  void earlyStopping_reportsValidationAndStopsThenRefits() {
    Heard heard = trainEarlyStopping(TwoTowerConfig.builder());
    assertEquals(2, heard.starts(), "selection run, then the refit");
    List<EpochStats> selection = heard.selection();
    assertTrue(selection.size() < 40, "stopped early after " + selection.size() + " epochs");
    // patience 1: the epoch after the best is the last one
    assertEquals(heard.bestEpoch() + 1, selection.size());
    // the refit continues the selected model for refitEpochs, without validation
    assertEquals(TwoTowerConfig.DEFAULT_REFIT_EPOCHS, heard.refitEpochs());
    assertTrue(heard.refitFirstLoss() < selection.get(1).loss(), "the refit starts where the"
        + " selection left off, not from the initial weights: " + heard.epochs());
  }

  @Test
  void refitEpochsZero_refitsAFreshModelForTheBestEpochCount() {
    Heard heard = trainEarlyStopping(TwoTowerConfig.builder().refitEpochs(0));
    assertEquals(2, heard.starts(), "selection run, then the refit");
    assertNotEquals(TwoTowerConfig.DEFAULT_REFIT_EPOCHS, heard.bestEpoch(),
        "the data tells the two refits apart");
    assertEquals(heard.bestEpoch(), heard.refitEpochs());
    assertTrue(heard.refitFirstLoss() > heard.selection().get(1).loss(),
        "a fresh model's first epoch: " + heard.epochs());
  }

  @Test
  void javaEncoder_matchesDjl(@TempDir Path dir) {
    encoder.save(dir);
    Evaluator eval = new Evaluator(split, catalogIds, Evaluator.Target.TEST);
    List<UserQuery> queries = new ArrayList<>();
    for (int c = 0; c < eval.size(); c++) {
      long user = eval.cases().get(c).userId();
      queries.add(UserQuery.builder(data.users().get(user)).history(eval.history(c)).build());
    }
    queries.add(UserQuery.of(-1));
    float[][] djlUsers = encoder.encodeUsers(queries);
    try (Encoder java = Encoder.load("java", dir)) {
      assertEquals(encoder.dimension(), java.dimension());
      float[][] javaItems = java.encodeItems(catalog);
      for (int i = 0; i < catalog.size(); i++) {
        assertArrayEquals(itemVectors[i], javaItems[i], 1e-5f, "item " + i);
      }
      float[][] javaUsers = java.encodeUsers(queries);
      for (int u = 0; u < queries.size(); u++) {
        float[] alone = java.encodeUser(queries.get(u));
        assertArrayEquals(djlUsers[u], alone, 1e-5f, "user " + u);
        assertArrayEquals(alone, javaUsers[u], "user " + u + " alone and in a batch, exactly");
      }
    }
  }

  @Test
  void javaEncoder_matchesDjl_forEveryPooling(@TempDir Path dir) {
    Dataset small = SyntheticDataset.builder().users(200).items(100).meanInteractions(10).seed(5)
        .generate();
    List<ItemFeatures> items = new ArrayList<>(small.items().values());
    List<UserQuery> users = new ArrayList<>();
    small.users().values().forEach(u -> users.add(UserQuery.builder(u)
        .history(items.get(1).itemId(), items.get(7).itemId(), items.get(3).itemId()).build()));
    for (Pooling pooling : Pooling.values()) {
      TwoTowerConfig config = TwoTowerConfig.builder()
          .common(TrainerConfig.builder().epochs(1).build()).patience(0).pooling(pooling)
          .ensembleSize(1).build();
      Path model = dir.resolve(pooling.name());
      try (Trainer trainer = new TwoTowerTrainer(config);
          Encoder djl = trainer.train(small, TrainingListener.NONE)) {
        djl.save(model);
        try (Encoder java = Encoder.load("java", model)) {
          float[][] a = djl.encodeUsers(users);
          float[][] b = java.encodeUsers(users);
          for (int u = 0; u < a.length; u++) {
            assertArrayEquals(a[u], b[u], 1e-5f, pooling + " user " + u);
          }
          float[][] c = djl.encodeItems(items);
          float[][] d = java.encodeItems(items);
          for (int i = 0; i < c.length; i++) {
            assertArrayEquals(c[i], d[i], 1e-5f, pooling + " item " + i);
          }
        }
      }
    }
  }

  @Test
  void trains_onAThreadThatDidNotLoadTheEngine() throws Exception {
    Dataset small = SyntheticDataset.builder().users(200).items(100).meanInteractions(10).seed(5)
        .generate();
    TwoTowerConfig config = TwoTowerConfig.builder()
        .common(TrainerConfig.builder().epochs(2).seed(9).build()).patience(0).ensembleSize(1)
        .build();
    List<ItemFeatures> items = new ArrayList<>(small.items().values());
    // Such a thread starts with torch's grad mode on, which used to break the optimizer step.
    float[][][] there = new float[1][][];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try (Trainer trainer = new TwoTowerTrainer(config);
          Encoder e = trainer.train(small, TrainingListener.NONE)) {
        there[0] = e.encodeItems(items);
      } catch (Throwable x) {
        failure[0] = x;
      }
    });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("training on a new thread failed", failure[0]);
    }
    assertEquals(items.size(), there[0].length);
    for (float[] v : there[0]) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      assertEquals(1.0, n, 1e-4);
    }
  }

  @Test
  void vectors_areUnitLengthAndBatchIndependent() {
    for (float[] v : itemVectors) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      assertEquals(1.0, Math.sqrt(n), 1e-4);
    }
    float[] alone = encoder.encodeItem(catalog.get(5));
    assertArrayEquals(itemVectors[5], alone, 1e-5f, "an item encodes the same alone or in a batch");
  }

  @Test
  void saveLoad_sameVectors(@TempDir Path dir) throws Exception {
    encoder.save(dir);
    assertEquals("torch", EncoderProvider.readProviderName(dir));
    UserQuery q = UserQuery.builder(data.users().values().iterator().next())
        .history(catalogIds[1], catalogIds[2]).build();
    try (Encoder loaded = Encoder.load(dir)) {
      assertEquals(encoder.dimension(), loaded.dimension());
      assertArrayEquals(encoder.encodeUser(q), loaded.encodeUser(q), 1e-6f);
      assertArrayEquals(itemVectors[7], loaded.encodeItem(catalog.get(7)), 1e-6f);
    }
    Path file = dir.resolve(EncoderProvider.MODEL_FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 1;
    Files.write(file, bytes);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Encoder.load(dir));
    assertTrue(e.getMessage().startsWith("checksum mismatch"), e.getMessage());
  }

  @Test
  void recallEngine_returnsKUnseenItems() {
    IndexConfig config = IndexConfig.builder(encoder.dimension()).metric(encoder.metric()).build();
    try (AnnIndex index = AnnIndex.create("hnswlib", config)) {
      index.addAll(catalogIds, itemVectors);
      long[] history = Arrays.copyOf(catalogIds, 40);
      IdFilter even = id -> id % 2 == 0;
      try (RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(100)
          .filter(even).build()) {
        UserQuery q = UserQuery.builder(data.users().values().iterator().next())
            .history(history).build();
        TopK top = engine.recall(q);
        assertEquals(100, top.size());
        for (int i = 0; i < top.size(); i++) {
          assertTrue(even.accept(top.id(i)));
          for (long h : history) {
            assertFalse(top.id(i) == h, "seen item " + h + " returned");
          }
        }
        TopK fifty = engine.recall(UserQuery.builder(1L).history(history).k(50).ef(80).build());
        assertEquals(50, fifty.size(), "a new user still gets recall");
        List<TopK> batch = engine.recall(List.of(q, q));
        assertEquals(batch.get(0), batch.get(1));
        // The DJL encoder's matrix kernels round a batch of two otherwise than a single row
        // (the java encoder does not; javaEncoder_matchesDjl checks it): the same items in the
        // same order, scores equal to float rounding.
        assertEquals(top.size(), batch.get(0).size());
        for (int i = 0; i < top.size(); i++) {
          assertEquals(top.id(i), batch.get(0).id(i), "rank " + i);
          assertEquals(top.score(i), batch.get(0).score(i), 1e-5f, "rank " + i);
        }
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
            () -> engine.recall(UserQuery.builder(1L).k(601).build()));
        assertEquals("k=601 is larger than the index, which holds 600 items", big.getMessage());
      }
      RecallEngine closed = RecallEngine.builder().encoder(encoder).index(index).build();
      closed.close();
      assertThrows(IllegalStateException.class, () -> closed.recall(UserQuery.of(1L)));
    }
  }

  @Test
  void engineBuilder_rejectsDimensionMismatch() {
    try (AnnIndex index = AnnIndex.create("exact", IndexConfig.builder(3).build())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> RecallEngine.builder().encoder(encoder).index(index).build());
      // The default model: two 64-d members served as one 128-d vector.
      assertEquals("encoder dimension 128 does not match index dimension 3", e.getMessage());
    }
  }
}
