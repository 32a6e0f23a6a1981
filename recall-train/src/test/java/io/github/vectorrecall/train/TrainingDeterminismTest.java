package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fixed seed on one thread gives the same model, bit for bit, however often it is trained in
 * one process and whatever ran in between.
 */
class TrainingDeterminismTest {

  /** The item vectors and the per-epoch validation metrics of one training. */
  private record Outcome(float[][] items, List<Map<String, Double>> validation, long skipped) {}

  private static Outcome train(Dataset data, List<ItemFeatures> catalog, long seed, int threads) {
    TwoTowerConfig config = TwoTowerConfig.builder()
        .common(TrainerConfig.builder().epochs(5).threads(threads).seed(seed).build())
        .patience(3).build();
    List<Map<String, Double>> validation = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochStats stats) {
        validation.add(stats.validation());
      }
    };
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder encoder = trainer.train(data, listener)) {
      return new Outcome(encoder.encodeItems(catalog), validation,
          ((TwoTowerTrainer) trainer).skippedSteps());
    }
  }

  @Test
  void sameSeedOnOneThread_givesTheSameModelAndMetrics() {
    // Large enough that the former fault (autograd reading a constant whose Java buffer the
    // garbage collector had freed) showed here in every run: non-finite gradients and vectors
    // that differed between runs of one seed.
    Dataset data = SyntheticDataset.builder().users(800).items(400).meanInteractions(20)
        .seed(21).generate();
    List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
    catalog.sort(Comparator.comparingLong(ItemFeatures::itemId));

    Outcome first = train(data, catalog, 5, 1);
    // Two threads in between: torch's thread pool is process-wide, and must come back to one.
    Outcome other = train(data, catalog, 9, 2);
    System.gc();
    Outcome second = train(data, catalog, 5, 1);

    assertEquals(0, first.skipped(), "steps skipped for a non-finite gradient");
    assertEquals(0, second.skipped(), "steps skipped for a non-finite gradient");
    assertEquals(first.validation(), second.validation(), "validation metrics per epoch");
    assertEquals(first.items().length, second.items().length);
    for (int i = 0; i < first.items().length; i++) {
      if (!Arrays.equals(first.items()[i], second.items()[i])) {
        throw new AssertionError("item " + catalog.get(i).itemId() + " differs: "
            + Arrays.toString(first.items()[i]) + " vs " + Arrays.toString(second.items()[i]));
      }
    }
    assertFalse(Arrays.deepEquals(first.items(), other.items()),
        "another seed gives another model");
  }
}
