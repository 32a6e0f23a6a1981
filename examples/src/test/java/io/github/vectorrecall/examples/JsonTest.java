package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --json} report keeps the shape of EVAL.md "Reporting as JSON". */
class JsonTest {

  @Test
  void write_report_hasTheProtocolShape() {
    Experiment.Report report = new Experiment.Report("ml-100k", 943, 1682);
    Map<String, Double> model = new LinkedHashMap<>();
    model.put("HR@10", 0.0625);
    model.put("HR@50", 0.21);
    report.results.put("model", model);
    report.results.put("popularity", Map.of("HR@10", 0.03));
    report.annRecall(500, 600, 0.987, "hnsw");
    report.latency(500, new Experiment.Latency(10_000, 0.41, 0.93, 1.7), "java");
    report.extra.put("index_build_s", 1.5);

    String text = Json.write(report.toMap());
    JsonObject root = JsonParser.parseString(text).getAsJsonObject();

    assertEquals(List.of("dataset", "protocol", "users_evaluated", "items", "results",
        "ann_recall", "latency_ms", "index_build_s", "machine"), new ArrayList<>(root.keySet()));
    assertEquals("ml-100k", root.get("dataset").getAsString());
    assertEquals("leave-last-out, full ranking", root.get("protocol").getAsString());
    assertEquals(943, root.get("users_evaluated").getAsInt());
    assertEquals(1682, root.get("items").getAsInt());
    JsonObject results = root.getAsJsonObject("results");
    assertEquals(0.0625, results.getAsJsonObject("model").get("HR@10").getAsDouble());
    assertEquals(0.03, results.getAsJsonObject("popularity").get("HR@10").getAsDouble());
    JsonObject ann = root.getAsJsonObject("ann_recall");
    assertEquals(500, ann.get("k").getAsInt());
    assertEquals(600, ann.get("ef").getAsInt());
    assertEquals(0.987, ann.get("recall").getAsDouble());
    JsonObject latency = root.getAsJsonObject("latency_ms");
    assertEquals(List.of("k", "queries", "p50", "p99", "p999", "what", "encoder"),
        new ArrayList<>(latency.keySet()));
    assertEquals(10_000, latency.get("queries").getAsInt());
    assertEquals(0.93, latency.get("p99").getAsDouble());
    assertTrue(root.getAsJsonObject("machine").get("cores").getAsInt() > 0, text);
    assertTrue(text.endsWith("}\n"), text);
  }

  @Test
  void write_nonFiniteAndSpecialCharacters_stayValidJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nan", Double.NaN);
    m.put("inf", Float.POSITIVE_INFINITY);
    m.put("text", "a \"quoted\" line\nand lr=0.001 <b>");
    m.put("list", List.of(1, 2.5, "x"));

    JsonObject root = JsonParser.parseString(Json.write(m)).getAsJsonObject();

    assertTrue(root.get("nan").isJsonNull());
    assertTrue(root.get("inf").isJsonNull());
    assertEquals("a \"quoted\" line\nand lr=0.001 <b>", root.get("text").getAsString());
    assertEquals(2.5, root.getAsJsonArray("list").get(1).getAsDouble());
    assertTrue(Json.write(m).contains("lr=0.001 <b>"), "no HTML escaping");
  }
}
