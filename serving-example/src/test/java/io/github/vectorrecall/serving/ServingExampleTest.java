package io.github.vectorrecall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.model.Pooling;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving path end to end on a saved model and a saved {@code hnsw} index. */
class ServingExampleTest {
  @Test
  void serve_savedModelAndIndex_kItemsPerUserWithoutHistory(@TempDir Path dir) {
    Path model = EncoderContractTest.writeModel(dir.resolve("model"), Pooling.RECENCY, 9);
    Path indexFile = dir.resolve("items.hnsw");
    List<ItemFeatures> items = EncoderContractTest.items();
    try (Encoder encoder = Encoder.load("java", model);
        AnnIndex index = AnnIndex.create("hnsw", IndexConfig.builder(encoder.dimension())
            .metric(encoder.metric()).build())) {
      index.addAll(items.stream().mapToLong(ItemFeatures::itemId).toArray(),
          encoder.encodeItems(items));
      index.save(indexFile);
    }
    long[] history = {101, 102};
    List<String> lines = ServingExample.serve(model, indexFile, new long[] {1, 2, 424_242},
        history, 5);
    assertEquals(4, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith(items.size() + " items in a 'hnsw' index, 16-d"),
        lines.get(0));
    for (String line : lines.subList(1, 4)) {
      String[] parts = line.split(":")[1].trim().split("\\) ?");
      assertEquals(5, parts.length, line);
      assertTrue(!line.contains(" 101 (") && !line.contains(" 102 ("), "seen item in " + line);
    }
  }
}
