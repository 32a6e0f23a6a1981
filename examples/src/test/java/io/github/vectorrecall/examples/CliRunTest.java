package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One whole {@code quickstart} on a catalog of 40 items (1 epoch): the default K of 500 and the
 * cut-offs 50, 100 and 500 are larger than the catalog. The run warns, measures latency at
 * K = 40, reports those metrics as n/a (left out of the JSON), finishes, and deletes its
 * temporary model directory.
 */
class CliRunTest {
  @TempDir
  Path dir;

  @Test
  void run_catalogSmallerThanK_reportsNotApplicableAndCleansUp() throws IOException {
    Path json = dir.resolve("report.json");

    CliTest.Result r = CliTest.run("quickstart", "--users", "300", "--items", "40", "--epochs",
        "1", "--queries", "200", "--json", json.toString());

    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("warning: --k 500 is larger than the catalog (40 items);"
        + " recall latency is measured at K = 40"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    String hr50 = r.out().lines().filter(l -> l.startsWith("HR@50 ")).findFirst().orElseThrow();
    assertTrue(hr50.matches("HR@50 +n/a +n/a +n/a"), hr50);
    String hr10 = r.out().lines().filter(l -> l.startsWith("HR@10 ")).findFirst().orElseThrow();
    assertFalse(hr10.contains("n/a"), hr10);
    assertTrue(r.out().contains("Model HR@10 is"), r.out());

    JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals(40, root.get("items").getAsInt());
    for (String name : new String[] {"model", "model_ann", "popularity"}) {
      JsonObject m = root.getAsJsonObject("results").getAsJsonObject(name);
      assertTrue(m.has("HR@10"), name + ": " + m);
      for (String absent : new String[] {"HR@50", "HR@100", "HR@500", "NDCG@50"}) {
        assertFalse(m.has(absent), name + " keeps " + absent + ": " + m);
      }
    }
    assertEquals(40, root.getAsJsonObject("latency_ms").get("k").getAsInt());
    assertEquals(20, root.getAsJsonObject("ann_recall").get("k").getAsInt());

    String modelLine = r.out().lines().filter(l -> l.startsWith("Model: ")).findFirst()
        .orElseThrow();
    Path model = Path.of(modelLine.substring("Model: ".length(), modelLine.indexOf(" (")));
    assertTrue(model.getFileName().toString().startsWith("vectorrecall-model"), modelLine);
    assertFalse(Files.exists(model), "the temporary model directory is left: " + model);
  }

  @Test
  void run_coldStart_reportsTheColdSectionBesideItsBaselines() throws IOException {
    Dataset data = SyntheticDataset.builder().users(300).items(80).meanInteractions(12).seed(4)
        .generate();
    StringBuilder csv = new StringBuilder("user,item,timestamp\n");
    for (Interaction x : data.interactions()) {
      csv.append(x.userId()).append(',').append(x.itemId()).append(',').append(x.timestamp())
          .append('\n');
    }
    Path file = dir.resolve("interactions.csv");
    Files.writeString(file, csv);
    Path json = dir.resolve("cold.json");

    CliTest.Result r = CliTest.run("evaluate", "--data", file.toString(), "--format", "csv",
        "--cold-start", "0.2", "--epochs", "1", "--item-id-dropout", "0.2", "--json",
        json.toString());

    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("cold start: 16 of 80 items cold (seed 1)"), r.out());
    JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals(64, root.get("items").getAsInt(), "the model's catalog: the warm items");
    assertFalse(root.has("results"), "no warm figures in a cold-start run");
    JsonObject cold = root.getAsJsonObject("cold_start");
    assertEquals(16, cold.get("cold_items").getAsInt());
    assertEquals("test", cold.get("target").getAsString());
    int users = cold.get("users").getAsInt();
    assertEquals(users, root.get("users_evaluated").getAsInt());
    assertTrue(users > 0, cold.toString());
    for (String name : new String[] {"model", "feature_profile", "random"}) {
      JsonObject m = cold.getAsJsonObject(name);
      assertTrue(m.has("HR@10") && m.has("NDCG@10"), name + ": " + m);
      assertFalse(m.has("HR@50"), "50 is more than the 16 cold items: " + m);
    }
    assertTrue(root.getAsJsonObject("training").get("config").getAsString()
        .contains("itemIdDropout=0.2"), root.toString());
  }
}
