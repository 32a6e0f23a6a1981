package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report of a catalog smaller than some cut-offs: n/a rows, and no crash on the summary. */
class ExperimentTest {

  private static Map<String, Double> metrics(double hr10) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("HR@10", hr10);
    m.put("NDCG@10", hr10 / 2);
    m.put("coverage@50", 1.0);
    return m;
  }

  @Test
  void print_kAboveTheCatalog_readsNotApplicable() {
    Experiment.Report report = new Experiment.Report("tiny", 300, 40);
    report.results.put("model", metrics(0.5));
    report.results.put("popularity", metrics(0.25));
    StringWriter text = new StringWriter();

    report.print(new PrintWriter(text, true));

    String table = text.toString();
    for (String metric : new String[] {"HR@50", "HR@100", "HR@500", "NDCG@50", "NDCG@500"}) {
      String row = table.lines().filter(l -> l.startsWith(metric + " ")).findFirst()
          .orElseThrow(() -> new AssertionError(metric + " row missing:\n" + table));
      assertTrue(row.matches(metric + " +n/a +n/a"), row);
    }
    assertTrue(table.lines().anyMatch(l -> l.matches("HR@10 +0\\.5000 +0\\.2500")), table);
  }

  @Test
  void lift_catalogUnder50_comparesAtTheLargestK() {
    assertEquals("Model HR@10 is 2.0x the popularity baseline.",
        Experiment.lift(metrics(0.5), metrics(0.25)));
  }

  @Test
  void lift_fullCatalog_comparesAtK50() {
    Map<String, Double> model = metrics(0.5);
    model.put("HR@50", 0.9);
    model.put("HR@100", 0.95);
    Map<String, Double> popularity = metrics(0.25);
    popularity.put("HR@50", 0.3);
    popularity.put("HR@100", 0.5);

    assertEquals("Model HR@50 is 3.0x the popularity baseline.",
        Experiment.lift(model, popularity));
  }

  @Test
  void lift_popularityZeroOrNoK_saysSo() {
    assertEquals("Model HR@10 is 0.5000; the popularity baseline scores 0.",
        Experiment.lift(metrics(0.5), metrics(0.0)));
    assertEquals("No HR@K applies to a catalog this small.",
        Experiment.lift(Map.of("coverage@50", 1.0), Map.of()));
  }
}
