package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.data.ColdStartSplit;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.data.SyntheticDataset;
import io.github.vectorrecall.train.eval.ColdStartEvaluator;
import io.github.vectorrecall.train.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Trained with item-id dropout on synthetic data whose taste follows the item features, the
 * model places items it never saw in training: on the cold items it is far above random and
 * above the feature-profile baseline.
 */
class ColdStartTrainingTest {
  private static final long DATA_SEED = 13;
  private static final long COLD_SEED = 2;

  @Test
  void itemIdDropout_coldItemsRankFarAboveRandomAndTheFeatureProfile() {
    Dataset data = SyntheticDataset.builder().users(1200).items(400).meanInteractions(20)
        .seed(DATA_SEED).generate();
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(data), 0.1, COLD_SEED);
    ColdStartEvaluator eval = new ColdStartEvaluator(split, Evaluator.Target.TEST);
    TwoTowerConfig config = TwoTowerConfig.builder()
        .common(TrainerConfig.builder().epochs(4).seed(3).threads(1).build())
        .patience(0).itemIdDropout(0.2f).build();
    Map<String, Double> model;
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder encoder = trainer.train(split.trainAndValidation(), TrainingListener.logging())) {
      List<UserQuery> queries = new ArrayList<>();
      for (int c = 0; c < eval.size(); c++) {
        long user = eval.cases().get(c).userId();
        queries.add(UserQuery.builder(data.users().get(user)).history(eval.history(c)).build());
      }
      model = eval.model(encoder.encodeItems(eval.coldItems()), encoder.encodeUsers(queries));
    }
    Map<String, Double> profile = eval.featureProfile();
    Map<String, Double> random = eval.random();
    String seeds = "data seed " + DATA_SEED + ", cold seed " + COLD_SEED + ", " + eval.size()
        + " users: model " + model + ", feature profile " + profile + ", random " + random;
    assertTrue(eval.size() >= 50, seeds);
    assertTrue(model.get("HR@10") > 2 * random.get("HR@10"), seeds);
    assertTrue(model.get("HR@10") > profile.get("HR@10"), seeds);
    assertTrue(model.get("NDCG@10") > profile.get("NDCG@10"), seeds);
  }
}
