package io.github.vectorrecall.examples;

import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.TwoTowerTrainer;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.data.SyntheticDataset;
import io.github.vectorrecall.train.eval.Evaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains one variant per row on the same split and prints test HR@K of each, so a user sees what
 * each part of the model buys: the behaviour sequence and its pooling, the features, the
 * negatives, logQ correction, the loss, the temperature and early stopping.
 */
@Command(name = "ablation", sortOptions = false, abbreviateSynopsis = true,
    description = {"Train one variant per row (pooling, no sequence, no features, negatives,"
        + " logQ, BPR, temperature, window, item-id dropout, ensemble, refit, weight averaging,"
        + " early stopping) on the same"
        + " split and print test HR@K."})
final class Ablation implements Callable<Integer> {
  @Spec
  CommandSpec spec;
  @Mixin
  DataOptions dataOptions;
  @Mixin
  SyntheticOptions synthetic;

  @Option(names = "--only", paramLabel = "TEXT",
      description = "Run only the variants whose name contains TEXT.")
  String only;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Write the rows as JSON (EVAL.md \"Reporting as JSON\").")
  Path json;

  @Mixin
  TrainingOptions training;
  @Mixin
  CommonOptions common;

  /** One row: a name, whether features are used, and what it changes in the training options. */
  private record Variant(String name, boolean features, Consumer<TrainingOptions> change) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("default (recency + two-scale members, in-batch, T=0.125)", true,
          t -> { }),
      new Variant("single model (recency, 64-d vectors)", true, t -> t.ensemble = 1),
      new Variant("two recency members", true, t -> t.pooling = Pooling.RECENCY),
      new Variant("two-scale pooling in both members (fast + slow decay)", true,
          t -> t.pooling = Pooling.TWO_SCALE),
      new Variant("mean pooling", true, t -> t.pooling = Pooling.MEAN),
      new Variant("attention pooling", true, t -> t.pooling = Pooling.ATTENTION),
      new Variant("without behaviour sequence", true, t -> t.pooling = Pooling.NONE),
      new Variant("without user/item features", false, t -> { }),
      new Variant("mixed negatives (+512 sampled)", true,
          t -> t.negatives = TwoTowerConfig.Negatives.MIXED),
      new Variant("without logQ correction", true, t -> t.logq = false),
      new Variant("BPR loss", true, t -> t.loss = TwoTowerConfig.Loss.BPR),
      new Variant("temperature 0.1", true, t -> t.temperature = 0.1f),
      new Variant("temperature 0.2", true, t -> t.temperature = 0.2f),
      new Variant("per-position training (window 1)", true, t -> t.window = 1),
      new Variant("item-id dropout 0.1", true, t -> t.itemIdDropout = 0.1f),
      new Variant("refit a fresh model for the best epoch count (former refit)", true,
          t -> t.refitEpochs = 0),
      new Variant("weight averaging 0.995", true, t -> t.weightAveraging = 0.995f),
      new Variant("dense user-id updates (every row, every step)", true,
          t -> t.lazyUserUpdates = false),
      new Variant("no early stopping (20 epochs)", true, t -> {
        t.patience = 0;
        t.refit = null; // nothing to refit after
        t.refitEpochs = null;
      }));

  @Override
  public Integer call() throws Exception {
    // Every check before any work: the data options, the output file, each variant's settings.
    SyntheticDataset generator = synthetic.generator();
    if (dataOptions.given()) {
      dataOptions.check("ablation");
    }
    if (json != null) {
      OptionChecks.outputFile("--json", json);
    }
    Map<Variant, TwoTowerConfig> configs = new LinkedHashMap<>();
    for (Variant v : VARIANTS) {
      if (only == null || v.name().contains(only)) {
        TrainingOptions t = training.copy();
        v.change().accept(t);
        configs.put(v, t.config());
      }
    }
    if (configs.isEmpty()) {
      throw new UsageException("--only '" + only + "' matches no variant; variants: "
          + VARIANTS.stream().map(Variant::name).toList());
    }
    Dataset data = dataOptions.given() ? dataOptions.load() : generator.generate();
    run(data, configs, spec.commandLine().getOut());
    return 0;
  }

  private void run(Dataset data, Map<Variant, TwoTowerConfig> configs, PrintWriter out)
      throws IOException {
    LeaveLastOutSplit split = LeaveLastOutSplit.of(data);
    Dataset known = split.trainAndValidation();
    List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
    long[] ids = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
    Evaluator eval = new Evaluator(split, ids, Evaluator.Target.TEST);

    Map<String, Object> rows = new LinkedHashMap<>();
    Map<String, Double> popularity = eval.popularity(known);
    rows.put("popularity", popularity);
    out.printf("%n%-58s %7s %7s %7s %8s %7s%n", "variant", "HR@10", "HR@50", "HR@100",
        "epochs", "train s");
    print(out, "popularity", popularity, 0, 0);
    for (Map.Entry<Variant, TwoTowerConfig> e : configs.entrySet()) {
      Variant v = e.getKey();
      boolean features = v.features();
      Dataset trainOn = features ? known : withoutFeatures(known);
      TwoTowerConfig config = e.getValue();
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
        print(out, v.name(), m, epochs[0], seconds);
      }
      rows.put(v.name(), m);
    }
    if (json != null) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("dataset", data.name());
      root.put("protocol", "leave-last-out, full ranking");
      root.put("users_evaluated", eval.size());
      root.put("items", catalog.size());
      root.put("results", rows);
      root.put("machine", Machine.describe());
      Files.writeString(json, Json.write(root));
      out.println("Wrote " + json);
    }
    out.flush();
  }

  /** One row; a K larger than the catalog shows n/a. */
  private static void print(PrintWriter out, String name, Map<String, Double> m, int epochs,
      double seconds) {
    out.printf("%-58s %7s %7s %7s %8s %7s%n", name, figure(m.get("HR@10")),
        figure(m.get("HR@50")), figure(m.get("HR@100")),
        epochs == 0 ? "-" : Integer.toString(epochs),
        seconds == 0 ? "-" : String.format("%.0f", seconds));
    out.flush();
  }

  private static String figure(Double value) {
    return value == null ? "n/a" : String.format("%.4f", value);
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
