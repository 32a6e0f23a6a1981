package io.github.vectorrecall.examples;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.data.ColdStartSplit;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import io.github.vectorrecall.train.eval.ColdStartEvaluator;
import io.github.vectorrecall.train.eval.Evaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate --cold-start FRACTION}: the cold-start protocol ({@link ColdStartSplit},
 * {@link ColdStartEvaluator}). A seeded share of the catalog is cold: all its interactions leave
 * the training data and its ids stay unknown to the model. The model is trained on the rest,
 * saved and reloaded with the serving encoder, and the users whose held-out item is cold rank
 * the cold items only: the model beside the feature-profile baseline and random. The JSON report
 * has a {@code cold_start} section.
 */
final class ColdStartExperiment {
  private ColdStartExperiment() {}

  /**
   * Runs the protocol; the options have been checked.
   *
   * @param data the data set
   * @param config the trainer configuration
   * @param c the cold-start options ({@code --cold-start} given)
   * @param o the serving and output options
   * @param out the report
   * @return the report
   * @throws IOException if the JSON report cannot be written
   */
  static Experiment.Report run(Dataset data, TwoTowerConfig config, ColdStartOptions c,
      ExperimentOptions o, PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(data), c.fraction, c.seed);
    boolean validation = c.target == Evaluator.Target.VALIDATION;
    Dataset known = validation ? split.train() : split.trainAndValidation();
    ColdStartEvaluator eval = new ColdStartEvaluator(split, c.target);
    out.printf("Data: %s; cold start: %d of %d items cold (seed %d), %d users whose %s item is"
        + " cold%n", data, split.coldIds().length, data.items().size(), c.seed, eval.size(),
        validation ? "validation" : "test");
    out.flush();
    return Experiment.trainAndEvaluate(known, config, o, out, t0, (modelDir, training) -> {
      Experiment.Report report = new Experiment.Report(data.name(), eval.size(),
          data.items().size() - split.coldIds().length);
      report.protocol = "cold-start items, leave-last-out, cold items ranked";
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("fraction", split.fraction());
      section.put("seed", split.seed());
      section.put("target", c.target.name().toLowerCase(Locale.ROOT));
      section.put("cold_items", split.coldIds().length);
      section.put("users", eval.size());
      try (Encoder encoder = Encoder.load(o.serveEncoder, modelDir)) {
        float[][] coldVectors = encoder.encodeItems(eval.coldItems());
        List<UserQuery> queries = new ArrayList<>(eval.size());
        for (int u = 0; u < eval.size(); u++) {
          long userId = eval.cases().get(u).userId();
          queries.add(UserQuery.builder(data.users().get(userId)).history(eval.history(u))
              .build());
        }
        section.put("model", eval.model(coldVectors,
            queries.isEmpty() ? new float[0][] : encoder.encodeUsers(queries)));
      }
      section.put("feature_profile", eval.featureProfile());
      section.put("random", eval.random());
      report.extra.put("cold_start", section);
      report.training(training);
      print(section, out);
      report.headline = headline(section);
      return report;
    });
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> section, PrintWriter out) {
    String[] rankings = {"model", "feature_profile", "random"};
    out.printf("%nCold items: %s cold, %s users%n%-12s", section.get("cold_items"),
        section.get("users"), "");
    for (String r : rankings) {
      out.printf("%16s", r);
    }
    out.println();
    for (String metric : ((Map<String, Double>) section.get("random")).keySet()) {
      out.printf("%-12s", metric);
      for (String r : rankings) {
        out.printf("%16.4f", ((Map<String, Double>) section.get(r)).get(metric));
      }
      out.println();
    }
    out.println();
  }

  @SuppressWarnings("unchecked")
  private static String headline(Map<String, Object> section) {
    Map<String, Double> model = (Map<String, Double>) section.get("model");
    Map<String, Double> profile = (Map<String, Double>) section.get("feature_profile");
    if (!model.containsKey("HR@10")) {
      return "No cold item was anyone's held-out item.";
    }
    String at = model.containsKey("HR@50") ? "HR@50" : "HR@10";
    return String.format(Locale.ROOT, "Cold items: model %s %.4f, feature profile %.4f.", at,
        model.get(at), profile.get(at));
  }
}
