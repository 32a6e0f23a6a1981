package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.model.Pooling;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwoTowerConfigTest {

  @Test
  void defaults_areTheTrainersFormerDefaults() {
    TwoTowerConfig c = TwoTowerConfig.builder().build();
    assertEquals(64, c.dimension());
    assertEquals(64, c.embeddingDimension());
    assertEquals(128, c.hiddenDimension());
    assertEquals(0f, c.weightDecay());
    assertEquals(0f, c.weightAveraging());
    assertEquals(0.125f, c.temperature());
    assertEquals(50, c.maxHistory());
    assertEquals(Pooling.RECENCY, c.pooling());
    assertEquals(TwoTowerConfig.Loss.SOFTMAX, c.loss());
    assertEquals(TwoTowerConfig.Negatives.IN_BATCH, c.negatives());
    assertEquals(512, c.sampledNegatives());
    assertTrue(c.logQCorrection());
    assertTrue(c.lazyUserUpdates());
    assertEquals(2, c.patience());
    assertTrue(c.refit());
    assertEquals(2, c.refitEpochs());
    assertEquals(2, c.ensembleSize());
    assertEquals(List.of(Pooling.RECENCY, Pooling.TWO_SCALE), c.memberPoolings());
    TrainerConfig common = c.common();
    assertEquals(20, common.epochs());
    assertEquals(512, common.batchSize());
    assertEquals(0.007f, common.learningRate());
    assertEquals(42L, common.seed());
    assertEquals(0, common.threads());
    assertEquals(null, common.checkpointDirectory());
  }

  @Test
  void lazyUserUpdates_applyOnlyWithoutWeightDecayOrAveraging() {
    assertTrue(TwoTowerConfig.builder().build().lazyUserUpdatesApply());
    assertFalse(TwoTowerConfig.builder().lazyUserUpdates(false).build().lazyUserUpdatesApply());
    assertFalse(TwoTowerConfig.builder().weightDecay(0.01f).build().lazyUserUpdatesApply());
    assertFalse(TwoTowerConfig.builder().weightAveraging(0.99f).build().lazyUserUpdatesApply());
  }

  @Test
  void common_isKeptAsGiven() {
    TrainerConfig common = TrainerConfig.builder().epochs(3).seed(9).build();
    assertSame(common, TwoTowerConfig.builder().common(common).build().common());
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> TwoTowerConfig.builder().common(null));
    assertEquals("common", e.getMessage());
  }

  @Test
  void setters_rejectBadValuesNamingThem() {
    TwoTowerConfig.Builder b = TwoTowerConfig.builder();
    assertMessage("dimension must be positive; dimension=0", () -> b.dimension(0));
    assertMessage("embeddingDimension must be positive; embeddingDimension=-1",
        () -> b.embeddingDimension(-1));
    assertMessage("hiddenDimension must be positive; hiddenDimension=0",
        () -> b.hiddenDimension(0));
    assertMessage("maxHistory must be positive; maxHistory=0", () -> b.maxHistory(0));
    assertMessage("sampledNegatives must be positive; sampledNegatives=0",
        () -> b.sampledNegatives(0));
    assertMessage("temperature must be positive and finite; temperature=NaN",
        () -> b.temperature(Float.NaN));
    assertMessage("temperature must be positive and finite; temperature=0.0",
        () -> b.temperature(0f));
    assertMessage("weightDecay must be non-negative and finite; weightDecay=-0.1",
        () -> b.weightDecay(-0.1f));
    assertMessage("weightDecay must be non-negative and finite; weightDecay=Infinity",
        () -> b.weightDecay(Float.POSITIVE_INFINITY));
    assertMessage("patience must be >= 0; patience=-1", () -> b.patience(-1));
    assertMessage("refitEpochs must be >= 0; refitEpochs=-1", () -> b.refitEpochs(-1));
    assertMessage("weightAveraging must be in [0, 1); weightAveraging=1.0",
        () -> b.weightAveraging(1f));
    assertMessage("weightAveraging must be in [0, 1); weightAveraging=-0.5",
        () -> b.weightAveraging(-0.5f));
    assertMessage("weightAveraging must be in [0, 1); weightAveraging=NaN",
        () -> b.weightAveraging(Float.NaN));
    assertMessage("itemIdDropout must be in [0, 1); itemIdDropout=1.0",
        () -> b.itemIdDropout(1f));
    assertMessage("itemIdDropout must be in [0, 1); itemIdDropout=-0.1",
        () -> b.itemIdDropout(-0.1f));
    assertMessage("itemIdDropout must be in [0, 1); itemIdDropout=NaN",
        () -> b.itemIdDropout(Float.NaN));
    assertMessage("ensembleSize must be between 1 and 16; ensembleSize=0",
        () -> b.ensembleSize(0));
    assertMessage("ensembleSize must be between 1 and 16; ensembleSize=17",
        () -> b.ensembleSize(17));
    assertEquals("pooling",
        assertThrows(NullPointerException.class, () -> b.pooling(null)).getMessage());
    assertEquals("loss",
        assertThrows(NullPointerException.class, () -> b.loss(null)).getMessage());
    assertEquals("negatives",
        assertThrows(NullPointerException.class, () -> b.negatives(null)).getMessage());
    assertEquals(TwoTowerConfig.builder().build().toString(), b.build().toString(),
        "a rejected value leaves the builder as it was");
  }

  @Test
  void build_sampledNegativesWithInBatchNegatives_throws() {
    TwoTowerConfig.Builder b = TwoTowerConfig.builder().sampledNegatives(100)
        .negatives(TwoTowerConfig.Negatives.IN_BATCH);
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals("sampledNegatives=100 has no effect with negatives=IN_BATCH; leave it unset "
        + "or sample negatives", e.getMessage());
    assertEquals(100, b.negatives(TwoTowerConfig.Negatives.UNIFORM).build().sampledNegatives());
    assertEquals(0, new Negatives(TwoTowerConfig.builder()
        .negatives(TwoTowerConfig.Negatives.IN_BATCH).build(), new long[] {0, 1}, 2).sampled(),
        "in-batch negatives alone sample nothing");
  }

  @Test
  void build_refitWithoutEarlyStopping_throws() {
    TwoTowerConfig.Builder b = TwoTowerConfig.builder().patience(0).refit(false);
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals("refit=false has no effect without early stopping; patience=0", e.getMessage());
    assertFalse(b.patience(1).build().refit());
    assertEquals(0, TwoTowerConfig.builder().patience(0).build().patience(),
        "patience 0 with refit left at its default is fine");
  }

  @Test
  void build_refitEpochsWithoutARefit_throws() {
    TwoTowerConfig.Builder b = TwoTowerConfig.builder().refit(false).refitEpochs(3);
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals("refitEpochs=3 has no effect without a refit; patience=2, refit=false",
        e.getMessage());
    assertEquals(3, b.refit(true).build().refitEpochs());
    assertEquals(0, TwoTowerConfig.builder().refitEpochs(0).build().refitEpochs(),
        "0: a fresh model, the former refit");
  }

  @Test
  void defaultMemberPoolings_giveWayToAnyPoolingSetting() {
    TwoTowerConfig pair = TwoTowerConfig.builder().build();
    assertEquals(Pooling.RECENCY, pair.memberPooling(0));
    assertEquals(Pooling.TWO_SCALE, pair.memberPooling(1));
    TwoTowerConfig three = TwoTowerConfig.builder().ensembleSize(3).build();
    assertEquals(Pooling.RECENCY, three.memberPooling(2), "members take the pair in turn");

    TwoTowerConfig single = TwoTowerConfig.builder().ensembleSize(1).build();
    assertEquals(List.of(), single.memberPoolings());
    assertEquals(Pooling.RECENCY, single.memberPooling(0));

    TwoTowerConfig allMean = TwoTowerConfig.builder().pooling(Pooling.MEAN).build();
    assertEquals(List.of(), allMean.memberPoolings());
    assertEquals(Pooling.MEAN, allMean.memberPooling(0));
    assertEquals(Pooling.MEAN, allMean.memberPooling(1));

    TwoTowerConfig explicit = TwoTowerConfig.builder().pooling(Pooling.MEAN)
        .memberPoolings(Pooling.ATTENTION).build();
    assertEquals(Pooling.ATTENTION, explicit.memberPooling(1), "member poolings win");
    assertEquals(List.of(), TwoTowerConfig.builder().memberPoolings().build().memberPoolings(),
        "set to none: every member pools with pooling()");
  }

  @Test
  void build_doesNotChangeTheBuilder() {
    TwoTowerConfig.Builder b = TwoTowerConfig.builder().dimension(16);
    TwoTowerConfig first = b.build();
    TwoTowerConfig second = b.pooling(Pooling.MEAN).build();
    assertEquals(Pooling.RECENCY, first.pooling());
    assertEquals(Pooling.MEAN, second.pooling());
    assertEquals(16, second.dimension());
  }

  @Test
  void provider_createsATwoTowerTrainerFromTheGenericConfig() {
    try (Trainer t = Trainer.create(TrainerConfig.builder().epochs(1).build())) {
      assertTrue(t instanceof TwoTowerTrainer, t.getClass().getName());
    }
    try (Trainer t = Trainer.create(TwoTowerTrainerProvider.NAME, TrainerConfig.defaults())) {
      assertTrue(t instanceof TwoTowerTrainer, t.getClass().getName());
    }
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(expected, e.getMessage());
  }
}
