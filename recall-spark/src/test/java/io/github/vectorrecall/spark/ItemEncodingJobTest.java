package io.github.vectorrecall.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.spark.internal.ExecutorCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEncodingJobTest {
  @TempDir Path dir;

  @Test
  void encode_equalsTheEncoderInOneJvm_andLoadsTheModelOnce() {
    List<ItemFeatures> items = EncoderContractTest.items();
    ItemEncodingJob job = ItemEncodingJob.builder().model(LocalSpark.model()).batchSize(7).build();
    Path out = dir.resolve("vectors.parquet");
    job.encode(LocalSpark.items(items, 3)).write().parquet(out.toString());
    SparkSession spark = LocalSpark.session();
    Dataset<Row> read = spark.read().parquet(out.toString());
    assertEquals(List.of("item_id", "vector"), List.of(read.columns()));
    Map<Long, float[]> got = new HashMap<>();
    for (Row r : read.collectAsList()) {
      got.put(r.getLong(0), SparkSchemas.vector(r, 1));
    }
    assertEquals(items.size(), got.size());
    try (Encoder encoder = Encoder.load("java", LocalSpark.modelDir())) {
      float[][] expected = encoder.encodeItems(items);
      for (int i = 0; i < items.size(); i++) {
        assertArrayEquals(expected[i], got.get(items.get(i).itemId()), 1e-6f,
            "item " + items.get(i).itemId());
      }
    }
    // three partitions, several batches each, one JVM: one load (the shipped copy's directory)
    Path shipped = LocalSpark.model().resolve().getParent();
    assertEquals(1, ExecutorCache.loads(shipped), "loads of " + shipped);
  }

  @Test
  void encode_syntheticItems_oneVectorEach() {
    Dataset<Row> vectors = ItemEncodingJob.builder().model(LocalSpark.model()).build()
        .encode(SyntheticFrames.items(LocalSpark.session(), 300));
    List<Row> rows = vectors.collectAsList();
    assertEquals(300, rows.size());
    assertEquals(300, rows.stream().map(r -> r.getLong(0)).distinct().count());
    for (Row r : rows) {
      assertEquals(16, SparkSchemas.vector(r, 1).length);
    }
  }

  @Test
  void encode_withoutItemId_namesTheColumn() {
    Dataset<Row> bad = LocalSpark.session().range(3).toDF("id");
    ItemEncodingJob job = ItemEncodingJob.builder().model(LocalSpark.model()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> job.encode(bad));
    assertEquals("items must have a column 'item_id'; columns=[id]", e.getMessage());
  }

  @Test
  void builder_rejectsBadValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemEncodingJob.builder().batchSize(0));
    assertEquals("batchSize must be positive; batchSize=0", e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> ItemEncodingJob.builder().build());
    assertEquals("model is required: call model(ShippedPath)", s.getMessage());
  }
}
