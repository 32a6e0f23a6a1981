package io.github.vectorrecall.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.spark.internal.Inputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mains' inputs as JSON Lines ({@link Inputs}): the same rows as JSON and as a frame give
 * the same vectors and the same recalls, so the maps and arrays survive the JSON reader; JSON
 * vectors read as Parquet vectors do; a line that does not fit its layout fails the job.
 */
class JsonInputsTest {
  @TempDir Path dir;

  /** One item as a line of JSON in the layout of SparkSchemas.ITEMS, plus a key it ignores. */
  private static String itemJson(ItemFeatures it) {
    String category = it.categorical().get(ItemFeatures.CATEGORY);
    return "{\"item_id\":" + it.itemId()
        + (category == null ? "" : ",\"category\":\"" + category + "\"")
        + ",\"tags\":" + it.tags().stream().map(t -> "\"" + t + "\"")
            .collect(Collectors.joining(",", "[", "]"))
        + ",\"dense\":" + floats(it.dense())
        + ",\"title\":\"ignored\"}";
  }

  /** One user as a line of JSON in the layout of SparkSchemas.USERS; empty parts left out. */
  private static String userJson(UserQuery q) {
    UserFeatures f = q.features();
    StringBuilder s = new StringBuilder("{\"user_id\":" + q.userId());
    if (!f.categorical().isEmpty()) {
      s.append(",\"categorical\":").append(f.categorical().entrySet().stream()
          .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
          .collect(Collectors.joining(",", "{", "}")));
    }
    if (!f.dense().isEmpty()) {
      s.append(",\"dense\":").append(floats(f.dense()));
    }
    if (q.history().length > 0) {
      s.append(",\"history\":").append(Arrays.stream(q.history()).mapToObj(Long::toString)
          .collect(Collectors.joining(",", "[", "]")));
    }
    return s.append('}').toString();
  }

  private static String floats(Map<String, Float> m) {
    return m.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  private Path writeLines(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  /** Rows as strings, sorted, for comparing frames whatever their partitioning. */
  private static List<String> sorted(Dataset<Row> frame) {
    List<String> out = new ArrayList<>();
    for (Row r : frame.collectAsList()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        s.append(v instanceof scala.collection.Seq<?> seq ? seq.mkString("[", ",", "]")
            : String.valueOf(v)).append('|');
      }
      out.add(s.toString());
    }
    out.sort(null);
    return out;
  }

  @Test
  void isJson_byTheEndOfThePath() {
    for (String json : List.of("items.json", "/tmp/ml/ITEMS.JSON", "out/items.json/",
        "s3a://bucket/in/*.json")) {
      assertTrue(Inputs.isJson(json), json);
    }
    for (String parquet : List.of("items", "items.parquet", "/tmp/json", "items.jsonl.x")) {
      assertFalse(Inputs.isJson(parquet), parquet);
    }
  }

  @Test
  void read_itemsJson_encodesAsTheSameItemsInAFrame() throws IOException {
    List<ItemFeatures> items = EncoderContractTest.items();
    Path file = writeLines("items.json", items.stream().map(JsonInputsTest::itemJson).toList());
    ItemEncodingJob job = ItemEncodingJob.builder().model(LocalSpark.model()).batchSize(7).build();

    Dataset<Row> read = Inputs.read(LocalSpark.session(), file.toString(), SparkSchemas.ITEMS);
    List<String> fromJson = sorted(job.encode(read));
    List<String> fromFrame = sorted(job.encode(LocalSpark.items(items, 2)));

    assertEquals(items.size(), fromJson.size());
    assertEquals(fromFrame, fromJson);
    assertEquals(List.of(SparkSchemas.ITEMS.fieldNames()), List.of(read.columns()),
        "the reader keeps the layout's columns only");
  }

  @Test
  void read_usersJson_recallsAsTheSameUsersInAFrame() throws IOException {
    List<UserQuery> users = new ArrayList<>(EncoderContractTest.queries());
    Path file = writeLines("users.json", users.stream().map(JsonInputsTest::userJson).toList());
    SparkSession spark = LocalSpark.session();
    Path index;
    try (Encoder e = Encoder.load("java", LocalSpark.modelDir())) {
      Dataset<Row> vectors = ItemEncodingJob.builder().model(LocalSpark.model()).build()
          .encode(LocalSpark.items(EncoderContractTest.items(), 2));
      index = BatchRecallJob.buildIndex(vectors, IndexConfig.builder(e.dimension())
          .metric(e.metric()).build(), "hnsw", dir.resolve("json-inputs.hnsw"));
    }
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.ship(spark, index)).k(5).build();

    List<String> fromJson = sorted(job.recall(
        Inputs.read(spark, file.toString(), SparkSchemas.USERS)));
    List<String> fromFrame = sorted(job.recall(LocalSpark.users(users, 2)));

    assertEquals(users.size() * 5, fromJson.size());
    assertEquals(fromFrame, fromJson);
  }

  @Test
  void read_vectorsJsonDirectory_equalsTheParquetVectors() {
    SparkSession spark = LocalSpark.session();
    Dataset<Row> vectors = ItemEncodingJob.builder().model(LocalSpark.model()).build()
        .encode(LocalSpark.items(EncoderContractTest.items(), 2));
    String parquet = dir.resolve("vectors").toString();
    String json = dir.resolve("vectors.json").toString();
    vectors.write().parquet(parquet);
    spark.read().parquet(parquet).write().json(json); // a directory of part files

    List<String> fromParquet = sorted(SparkSchemas.conform(
        Inputs.read(spark, parquet, SparkSchemas.VECTORS), SparkSchemas.VECTORS, "vectors"));
    List<String> fromJson = sorted(SparkSchemas.conform(
        Inputs.read(spark, json, SparkSchemas.VECTORS), SparkSchemas.VECTORS, "vectors"));

    assertEquals(EncoderContractTest.items().size(), fromJson.size());
    assertEquals(fromParquet, fromJson);
  }

  @Test
  void read_lineThatDoesNotFit_failsTheJob() throws IOException {
    Path file = writeLines("bad.json", List.of("{\"item_id\":1,\"dense\":{\"year\":0.5}}",
        "{\"item_id\":2,\"dense\":{\"year\":\"old\"}}"));
    Dataset<Row> read = Inputs.read(LocalSpark.session(), file.toString(), SparkSchemas.ITEMS);

    Exception e = assertThrows(Exception.class, read::collectAsList);
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t.getMessage()).append('\n');
    }
    assertTrue(chain.toString().contains("FAILFAST"), chain.toString());
  }
}
