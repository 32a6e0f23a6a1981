package io.github.vectorrecall.examples;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.TwoTowerTrainer;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.eval.Evaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One evaluation run on any data set, shared by {@code quickstart} and {@code evaluate}: split
 * leave-last-out, train on train + validation (the trainer holds out each user's last known item
 * for early stopping), save and reload the model, index the catalog, report quality beside the
 * popularity baseline, ANN fidelity and recall latency through {@link RecallEngine}.
 */
final class Experiment {
  private Experiment() {}

  /**
   * Runs the experiment; the options have been checked ({@link ExperimentOptions#check()}).
   *
   * @param data the data set
   * @param config the trainer configuration
   * @param o index, serving and output options
   * @param out the report
   * @param err warnings
   * @return the report
   * @throws IOException if the JSON report cannot be written
   */
  static Report run(Dataset data, TwoTowerConfig config, ExperimentOptions o, PrintWriter out,
      PrintWriter err) throws IOException {
    int catalogSize = data.items().size();
    int k = o.k;
    if (k > catalogSize) {
      err.printf("warning: --k %d is larger than the catalog (%d items); recall latency is"
          + " measured at K = %d%n", k, catalogSize, catalogSize);
      err.flush();
      k = catalogSize;
    }
    long t0 = System.nanoTime();

    LeaveLastOutSplit split = LeaveLastOutSplit.of(data);
    Dataset known = split.trainAndValidation();
    out.printf("Data: %s; %d users evaluated (leave-last-out)%n", data, split.cases().size());
    out.flush();
    int latencyK = k;
    return trainAndEvaluate(known, config, o, out, t0, (modelDir, training) -> {
      Report report = evaluate(data, split, known, modelDir, latencyK, o, training, out);
      report.headline = lift(report.results.get("model"), report.results.get("popularity"));
      return report;
    });
  }

  /** An evaluation of the model a run has trained and saved. */
  interface ModelEvaluation {
    /**
     * Evaluates the saved model.
     *
     * @param modelDir where the model is
     * @param training what the training run reports
     * @return the report, its headline set
     */
    Report evaluate(Path modelDir, Training training);
  }

  /**
   * Trains on {@code known}, saves the model (to {@code --model-dir}, else to a temporary
   * directory deleted afterwards), runs the evaluation on it, prints its headline and the total
   * time, and writes the JSON report when asked.
   *
   * @param known the training data
   * @param config the trainer configuration
   * @param o the output options
   * @param out the report
   * @param t0 when the run started ({@link System#nanoTime()})
   * @param evaluation what to measure
   * @return the report
   * @throws IOException if the JSON report cannot be written
   */
  static Report trainAndEvaluate(Dataset known, TwoTowerConfig config, ExperimentOptions o,
      PrintWriter out, long t0, ModelEvaluation evaluation) throws IOException {
    try (TemporaryDirectory temporary =
        o.modelDir == null ? TemporaryDirectory.create("vectorrecall-model") : null) {
      Path modelDir = temporary == null ? o.modelDir : temporary.path();
      out.printf("Model: %s%s%n", modelDir,
          temporary == null ? "" : " (temporary, deleted at exit; --model-dir DIR keeps it)");
      out.flush();
      long trainStart = System.nanoTime();
      ConsoleProgress progress = new ConsoleProgress();
      Map<String, Double> ensembleValidation;
      try (TwoTowerTrainer trainer = new TwoTowerTrainer(config);
          Encoder trained = trainer.train(known, progress)) {
        trained.save(modelDir);
        ensembleValidation = trainer.ensembleValidation();
      }
      Training training = new Training(config, progress.history(),
          (System.nanoTime() - trainStart) / 1e9, ensembleValidation);
      Report report = evaluation.evaluate(modelDir, training);
      out.printf("%s Total %.0f s.%n", report.headline, (System.nanoTime() - t0) / 1e9);
      if (o.json != null) {
        Files.writeString(o.json, Json.write(report.toMap()));
        out.println("Wrote " + o.json);
      }
      out.flush();
      return report;
    }
  }

  /** What the training run reports. */
  record Training(TwoTowerConfig config, List<EpochStats> epochs, double seconds,
      Map<String, Double> ensembleValidation) {}

  private static Report evaluate(Dataset data, LeaveLastOutSplit split, Dataset known,
      Path modelDir, int k, ExperimentOptions o, Training training, PrintWriter out) {
    int ef = o.ef;
    try (Encoder encoder = Encoder.load(o.serveEncoder, modelDir)) {
      List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
      long[] catalogIds = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
      float[][] itemVectors = encoder.encodeItems(catalog);
      Evaluator eval = new Evaluator(split, catalogIds, Evaluator.Target.TEST);
      List<UserQuery> userQueries = new ArrayList<>(eval.size());
      for (int c = 0; c < eval.size(); c++) {
        long userId = eval.cases().get(c).userId();
        userQueries.add(UserQuery.builder(data.users().get(userId)).history(eval.history(c))
            .build());
      }
      float[][] userVectors = encoder.encodeUsers(userQueries);

      long buildStart = System.nanoTime();
      IndexConfig indexConfig = IndexConfig.builder(encoder.dimension())
          .metric(encoder.metric()).expectedSize(catalog.size()).build();
      try (AnnIndex index = AnnIndex.create(o.index, indexConfig)) {
        index.addAll(catalogIds, itemVectors);
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        if (o.indexFile != null) {
          index.save(o.indexFile); // for a serving process (the serving-example module)
        }

        Map<String, Double> model = eval.exact(itemVectors, userVectors);
        Map<String, Double> modelAnn = eval.ann(index, userVectors, ef);
        Map<String, Double> popularity = eval.popularity(known);
        int recallK = Math.max(1, Math.min(k, catalog.size() / 2));
        double annRecall = eval.annRecall(index, itemVectors, userVectors, recallK, ef);

        Latency latency;
        try (RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(k)
            .ef(ef).build()) {
          latency = Latency.measure(engine, userQueries, Math.min(2_000, o.queries), o.queries,
              catalog.size());
          TopK sample = engine.recall(userQueries.get(0));
          out.printf("%nUser %d (history of %d items) -> %d items, best: %s%n",
              userQueries.get(0).userId(), userQueries.get(0).history().length, sample.size(),
              sample);
        }

        Report report = new Report(data.name(), split.cases().size(), catalog.size());
        report.results.put("model", model);
        report.results.put("model_ann", modelAnn);
        report.results.put("popularity", popularity);
        report.annRecall(recallK, ef, annRecall, o.index);
        report.latency(k, latency, o.serveEncoder);
        report.training(training);
        report.extra.put("index_build_s", buildSeconds);
        report.print(out);
        return report;
      }
    }
  }

  /**
   * The model's HR beside popularity's, at K = 50, or at the largest K the catalog holds when it
   * has fewer than 50 items.
   *
   * @param model the model's metrics
   * @param popularity the baseline's metrics
   * @return one sentence
   */
  static String lift(Map<String, Double> model, Map<String, Double> popularity) {
    String at = null;
    for (int k : Evaluator.KS) {
      String name = "HR@" + k;
      if (k <= 50 && model.containsKey(name) && popularity.containsKey(name)) {
        at = name;
      }
    }
    if (at == null) {
      return "No HR@K applies to a catalog this small.";
    }
    double m = model.get(at);
    double p = popularity.get(at);
    return p > 0
        ? String.format("Model %s is %.1fx the popularity baseline.", at, m / p)
        : String.format("Model %s is %.4f; the popularity baseline scores 0.", at, m);
  }

  /**
   * Per-query latency of {@link RecallEngine#recall(UserQuery)}, one thread: nanoseconds recorded
   * in an HdrHistogram (3 significant digits), percentiles in milliseconds.
   */
  record Latency(int queries, double p50, double p99, double p999) {
    static Latency measure(RecallEngine engine, List<UserQuery> users, int warmUp, int queries,
        int catalogSize) {
      for (int i = 0; i < warmUp; i++) {
        engine.recall(users.get(i % users.size()));
      }
      Histogram nanos = new Histogram(3);
      for (int i = 0; i < queries; i++) {
        UserQuery q = users.get((i * 7919) % users.size());
        long s = System.nanoTime();
        TopK top = engine.recall(q);
        nanos.recordValue(System.nanoTime() - s);
        if (top.size() == 0 && q.history().length < catalogSize) {
          throw new IllegalStateException("empty recall for user " + q.userId());
        }
      }
      return new Latency(queries, nanos.getValueAtPercentile(50) / 1e6,
          nanos.getValueAtPercentile(99) / 1e6, nanos.getValueAtPercentile(99.9) / 1e6);
    }
  }

  /** Evaluation results in the shape of the protocol's JSON, and as a table. */
  static final class Report {
    final String dataset;
    final int usersEvaluated;
    final int items;
    final Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    final Map<String, Object> extra = new LinkedHashMap<>();
    /** One sentence printed before the total time. */
    String headline = "";
    /** The evaluation protocol, in words. */
    String protocol = "leave-last-out, full ranking";
    private final Map<String, Object> root = new LinkedHashMap<>();

    Report(String dataset, int usersEvaluated, int items) {
      this.dataset = dataset;
      this.usersEvaluated = usersEvaluated;
      this.items = items;
    }

    void annRecall(int k, int ef, double recall, String provider) {
      root.put("ann_recall", new LinkedHashMap<>(Map.of("k", k, "ef", ef, "recall", recall,
          "index", provider)));
    }

    void latency(int k, Latency l, String encoder) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", k);
      m.put("queries", l.queries());
      m.put("p50", l.p50());
      m.put("p99", l.p99());
      m.put("p999", l.p999());
      m.put("what", "RecallEngine.recall: encode user + index search + exclude seen, 1 thread");
      m.put("encoder", encoder);
      root.put("latency_ms", m);
    }

    void training(Training t) {
      TwoTowerConfig config = t.config();
      List<EpochStats> epochs = t.epochs();
      double seconds = t.seconds();
      Map<String, Double> ensembleValidation = t.ensembleValidation();
      Map<String, Object> m = new LinkedHashMap<>();
      double rate = 0;
      for (EpochStats e : epochs) {
        rate += e.examplesPerSecond() / epochs.size();
      }
      m.put("epochs", epochs.size());
      if (config.ensembleSize() == 1) {
        m.putAll(selection(epochs));
      } else {
        // Members that train at once report their epochs interleaved: one entry per member.
        List<Map<String, Object>> members = new ArrayList<>();
        for (int member = 0; member < config.ensembleSize(); member++) {
          int id = member;
          List<EpochStats> own = epochs.stream().filter(e -> e.member() == id).toList();
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("member", member);
          one.put("pooling", config.memberPooling(member).name().toLowerCase(Locale.ROOT));
          one.put("epochs", own.size());
          one.putAll(selection(own));
          members.add(one);
        }
        m.put("members", members);
      }
      if (!ensembleValidation.isEmpty()) {
        // the members' selected weights served together: the ensemble's own figure
        m.put("ensemble_validation", new TreeMap<>(ensembleValidation));
      }
      m.put("seconds", seconds);
      m.put("interactions_per_s", rate);
      m.put("config", config.toString());
      root.put("training", m);
    }

    /** Model selection of one model's epochs: the validated ones, then the refit's. */
    private static Map<String, Object> selection(List<EpochStats> epochs) {
      List<Double> validation = new ArrayList<>();
      for (EpochStats e : epochs) {
        if (e.validation().containsKey("HR@50")) {
          validation.add(e.validation().get("HR@50"));
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      if (!validation.isEmpty()) {
        int best = 0;
        for (int i = 1; i < validation.size(); i++) {
          best = validation.get(i) > validation.get(best) ? i : best;
        }
        m.put("selection_epochs", validation.size());
        m.put("best_epoch", best + 1);
        m.put("validation_hr50_by_epoch", validation);
        m.put("refit_epochs", epochs.size() - validation.size());
      }
      return m;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", dataset);
      m.put("protocol", protocol);
      m.put("users_evaluated", usersEvaluated);
      m.put("items", items);
      if (!results.isEmpty()) {
        m.put("results", results);
      }
      m.putAll(root);
      m.putAll(extra);
      m.put("machine", Machine.describe());
      return m;
    }

    /** The table, one row per metric; n/a where K is larger than the catalog. */
    void print(PrintWriter out) {
      List<String> metrics = new ArrayList<>();
      for (int k : Evaluator.KS) {
        metrics.add("HR@" + k);
      }
      for (int k : Evaluator.KS) {
        metrics.add("NDCG@" + k);
      }
      results.values().forEach(r -> r.keySet().forEach(key -> {
        if (!metrics.contains(key)) {
          metrics.add(key);
        }
      }));
      out.printf("%n%-12s", "");
      for (String name : results.keySet()) {
        out.printf("%12s", name);
      }
      out.println();
      for (String metric : metrics) {
        out.printf("%-12s", metric);
        for (Map<String, Double> r : results.values()) {
          Double v = r.get(metric);
          out.printf("%12s", v == null ? "n/a" : String.format("%.4f", v));
        }
        out.println();
      }
      out.println();
      root.forEach((key, value) -> out.println(key + ": " + value));
      extra.forEach((key, value) -> out.println(key + ": " + value));
    }
  }
}
