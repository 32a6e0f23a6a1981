package io.github.vectorrecall.examples;

import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.TwoTowerTrainer;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.eval.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one variant per row on the same split and prints test HR@K of each, so a user sees what
 * each part of the model buys: the behaviour sequence and its pooling, the features, the
 * negatives, logQ correction, the loss, the temperature and early stopping.
 */
final class Ablation {
  private Ablation() {}

  private record Variant(String name, String[] overrides) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("default (recency pooling, mixed negatives, logQ, T=0.1)", new String[] {}),
      new Variant("mean pooling", new String[] {"pooling", "mean"}),
      new Variant("attention pooling", new String[] {"pooling", "attention"}),
      new Variant("without behaviour sequence", new String[] {"pooling", "none"}),
      new Variant("without user/item features", new String[] {"features", "false"}),
      new Variant("in-batch negatives only", new String[] {"negatives", "in_batch"}),
      new Variant("without logQ correction", new String[] {"logq", "false"}),
      new Variant("BPR loss", new String[] {"loss", "bpr"}),
      new Variant("temperature 0.2", new String[] {"temperature", "0.2"}),
      new Variant("no early stopping (20 epochs)", new String[] {"patience", "0"}));

  static void run(Options o) throws Exception {
    Dataset data = o.string("data", null) == null
        ? io.github.vectorrecall.train.data.SyntheticDataset.builder().generate()
        : Evaluate.load(o);
    LeaveLastOutSplit split = LeaveLastOutSplit.of(data);
    Dataset known = split.trainAndValidation();
    List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
    long[] ids = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
    Evaluator eval = new Evaluator(split, ids, Evaluator.Target.TEST);
    String only = o.string("only", null);

    Map<String, Object> rows = new LinkedHashMap<>();
    Map<String, Double> popularity = eval.popularity(known);
    rows.put("popularity", popularity);
    System.out.printf("%n%-58s %7s %7s %7s %8s %7s%n", "variant", "HR@10", "HR@50", "HR@100",
        "epochs", "train s");
    print("popularity", popularity, 0, 0);
    for (Variant v : VARIANTS) {
      if (only != null && !v.name().contains(only)) {
        continue;
      }
      Options vo = o.with(v.overrides());
      boolean features = vo.bool("features", true);
      Dataset trainOn = features ? known : withoutFeatures(known);
      TwoTowerConfig config = Experiment.trainerConfig(vo);
      int[] epochs = new int[1];
      TrainingListener counter = new TrainingListener() {
        @Override
        public void onEpochEnd(EpochStats stats) {
          epochs[0]++;
        }
      };
      long start = System.nanoTime();
      Map<String, Double> m;
      try (Trainer trainer = new TwoTowerTrainer(config);
          Encoder encoder = trainer.train(trainOn, counter)) {
        double seconds = (System.nanoTime() - start) / 1e9;
        float[][] items = encoder.encodeItems(features ? catalog : stripItems(catalog));
        List<UserQuery> users = new ArrayList<>(eval.size());
        for (int c = 0; c < eval.size(); c++) {
          long id = eval.cases().get(c).userId();
          UserFeatures u = features ? data.users().get(id) : UserFeatures.of(id);
          users.add(UserQuery.builder(u).history(eval.history(c)).build());
        }
        m = new LinkedHashMap<>(eval.exact(items, encoder.encodeUsers(users)));
        m.put("epochs", (double) epochs[0]);
        m.put("train_s", seconds);
        print(v.name(), m, epochs[0], seconds);
      }
      rows.put(v.name(), m);
    }
    String json = o.string("json", null);
    if (json != null) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("dataset", data.name());
      root.put("protocol", "leave-last-out, full ranking");
      root.put("users_evaluated", eval.size());
      root.put("items", catalog.size());
      root.put("results", rows);
      root.put("machine", Machine.describe());
      Files.writeString(Path.of(json), Json.write(root));
      System.out.println("Wrote " + json);
    }
  }

  private static void print(String name, Map<String, Double> m, int epochs, double seconds) {
    System.out.printf("%-58s %7.4f %7.4f %7.4f %8s %7s%n", name, m.get("HR@10"), m.get("HR@50"),
        m.get("HR@100"), epochs == 0 ? "-" : Integer.toString(epochs),
        seconds == 0 ? "-" : String.format("%.0f", seconds));
  }

  private static List<ItemFeatures> stripItems(List<ItemFeatures> items) {
    return items.stream().map(i -> ItemFeatures.of(i.itemId())).toList();
  }

  private static Dataset withoutFeatures(Dataset d) {
    return Dataset.of(d.name(), d.interactions(),
        d.users().keySet().stream().map(UserFeatures::of).toList(),
        stripItems(new ArrayList<>(d.items().values())));
  }
}
