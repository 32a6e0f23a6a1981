package io.github.vectorrecall.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.spark.internal.ExecutorCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRecallJobTest {
  private static final int K = 6;

  @TempDir static Path dir;
  private static Path hnswFile;
  private static Path shardedManifest;

  /** Users: the tiny data's 20 users with 3 to 6 history items each, and one unknown user. */
  private static List<UserQuery> queries() {
    List<UserQuery> out = new ArrayList<>();
    for (UserQuery q : EncoderContractTest.queries()) {
      out.add(q);
    }
    for (long u = 8; u < 20; u++) {
      out.add(UserQuery.builder(EncoderContractTest.tinyData().users().get(u))
          .history(100 + u, 101 + u, 120 - u).build());
    }
    return out;
  }

  @BeforeAll
  static void buildIndexes() {
    Dataset<Row> vectors = ItemEncodingJob.builder().model(LocalSpark.model()).build()
        .encode(LocalSpark.items(EncoderContractTest.items(), 2));
    try (Encoder e = Encoder.load("java", LocalSpark.modelDir())) {
      IndexConfig config = IndexConfig.builder(e.dimension()).metric(e.metric()).build();
      hnswFile = BatchRecallJob.buildIndex(vectors, config, "hnsw", dir.resolve("batch.hnsw"));
      ShardedIndexBuildJob.builder(3).metric(e.metric()).provider("hnsw").build()
          .build(vectors, dir.resolve("sharded").toString());
      shardedManifest = dir.resolve("sharded").resolve(ShardedIndexBuildJob.MANIFEST);
    }
  }

  /** The job's rows, grouped by user, in rank order. */
  private static Map<Long, List<Row>> byUser(Dataset<Row> out) {
    Map<Long, List<Row>> m = new LinkedHashMap<>();
    for (Row r : out.orderBy("user_id", "rank").collectAsList()) {
      m.computeIfAbsent(r.getLong(0), x -> new ArrayList<>()).add(r);
    }
    return m;
  }

  private static void assertEqualsEngine(Path indexFile, BatchRecallJob job, boolean excludeSeen) {
    Map<Long, List<Row>> got = byUser(job.recall(LocalSpark.users(queries(), 3)));
    try (Encoder encoder = Encoder.load("java", LocalSpark.modelDir());
        AnnIndex index = AnnIndex.load(indexFile);
        RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(K)
            .excludeSeen(excludeSeen).build()) {
      assertEquals(queries().size(), got.size());
      for (UserQuery q : queries()) {
        TopK expected = engine.recall(q);
        List<Row> rows = got.get(q.userId());
        assertEquals(expected.size(), rows.size(), "user " + q.userId());
        for (int r = 0; r < rows.size(); r++) {
          Row row = rows.get(r);
          String what = "user " + q.userId() + " rank " + (r + 1);
          assertEquals(r + 1, row.getInt(1), what);
          assertEquals(expected.id(r), row.getLong(2), what);
          assertEquals(expected.score(r), row.getFloat(3), 1e-6f, what);
        }
      }
    }
  }

  @Test
  void recall_equalsRecallEngine_excludingSeen() {
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.ship(LocalSpark.session(), hnswFile)).k(K).batchSize(4).build();
    assertEqualsEngine(hnswFile, job, true);
    Map<Long, List<Row>> got = byUser(job.recall(LocalSpark.users(queries(), 2)));
    for (UserQuery q : queries()) {
      for (Row r : got.get(q.userId())) {
        for (long seen : q.history()) {
          assertFalse(r.getLong(2) == seen, "user " + q.userId() + " got seen item " + seen);
        }
      }
    }
    // three partitions and two runs in one JVM: the shipped index was opened once
    assertEquals(1, ExecutorCache.loads(ShippedPath.ship(LocalSpark.session(), hnswFile)
        .resolve()));
  }

  @Test
  void recall_withSeenItems_equalsRecallEngine() {
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.ship(LocalSpark.session(), hnswFile)).k(K).excludeSeen(false).build();
    assertEqualsEngine(hnswFile, job, false);
  }

  @Test
  void recall_overAShardedIndex_equalsRecallEngine() {
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.shared(shardedManifest)).k(K).build();
    assertEqualsEngine(shardedManifest, job, true);
  }

  @Test
  void recall_syntheticUsers_kRowsEach() {
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.ship(LocalSpark.session(), hnswFile)).k(K).build();
    // synthetic histories name items the tiny catalog lacks: nothing is excluded, K rows each
    String parquet = dir.resolve("users.parquet").toString();
    SyntheticFrames.users(LocalSpark.session(), 50, 100).write().parquet(parquet);
    Dataset<Row> out = job.recall(LocalSpark.session().read().parquet(parquet));
    assertEquals(50L * K, out.count());
    assertEquals(50L, out.select("user_id").distinct().count());
  }

  @Test
  void recall_withoutUserId_namesTheColumn() {
    BatchRecallJob job = BatchRecallJob.builder().model(LocalSpark.model())
        .index(ShippedPath.shared(hnswFile)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> job.recall(LocalSpark.session().range(2).toDF("uid")));
    assertEquals("users must have a column 'user_id'; columns=[uid]", e.getMessage());
  }

  @Test
  void builder_rejectsBadValues() {
    assertEquals("k must be positive; k=0", assertThrows(IllegalArgumentException.class,
        () -> BatchRecallJob.builder().k(0)).getMessage());
    assertEquals("ef must be >= 0 (0 for the default); ef=-1",
        assertThrows(IllegalArgumentException.class, () -> BatchRecallJob.builder().ef(-1))
            .getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> BatchRecallJob.builder().model(ShippedPath.shared(hnswFile)).build());
    assertTrue(s.getMessage().startsWith("model and index are required"), s.getMessage());
  }
}
