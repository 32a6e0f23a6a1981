package io.github.vectorrecall.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.ShardManifest;
import io.github.vectorrecall.hnsw.ShardedAnnIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedIndexBuildJobTest {
  private static final long SEED = 15L;
  private static final int DIM = 12;

  @TempDir Path dir;

  private static AnnIndex exactOver(List<Row> rows, Metric metric) {
    AnnIndex exact = AnnIndex.create("exact", IndexConfig.builder(DIM).metric(metric).build());
    long[] ids = rows.stream().mapToLong(r -> r.getLong(0)).toArray();
    float[][] v = rows.stream().map(r -> SparkSchemas.vector(r, 1)).toArray(float[][]::new);
    exact.addAll(ids, v);
    return exact;
  }

  private static float[] query(Random rnd) {
    float[] q = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      q[j] = (float) rnd.nextGaussian();
    }
    return q;
  }

  @Test
  void build_exactShards_searchEqualsOneExactIndex() {
    // through Parquet, as a real job reads its input
    String parquet = dir.resolve("vectors.parquet").toString();
    SyntheticFrames.vectors(LocalSpark.session(), 1200, DIM, SEED).write().parquet(parquet);
    Dataset<Row> vectors = LocalSpark.session().read().parquet(parquet);
    List<Row> rows = vectors.collectAsList();
    Path out = dir.resolve("exact4");
    ShardManifest m = ShardedIndexBuildJob.builder(4).provider("exact").metric(Metric.L2).build()
        .build(vectors, out.toString());
    assertEquals(4, m.shards().size());
    assertEquals(1200, m.size());
    for (int i = 0; i < 4; i++) {
      assertTrue(Files.isRegularFile(out.resolve(ShardManifest.shardFileName(i))), "shard " + i);
    }
    Random rnd = new Random(SEED);
    try (AnnIndex one = exactOver(rows, Metric.L2);
        AnnIndex sharded = AnnIndex.load(out.resolve(ShardedIndexBuildJob.MANIFEST))) {
      assertEquals(ShardedAnnIndex.NAME, sharded.provider());
      assertEquals(1200, sharded.size());
      // each item sits in the shard its id hashes to
      try (AnnIndex shard2 = AnnIndex.load(out.resolve(ShardManifest.shardFileName(2)))) {
        for (Row r : rows) {
          assertEquals(ShardManifest.shardOf(r.getLong(0), 4) == 2, shard2.contains(r.getLong(0)));
        }
      }
      for (int q = 0; q < 40; q++) {
        float[] query = query(rnd);
        int k = 1 + rnd.nextInt(80);
        IdFilter filter = q % 2 == 0 ? null : id -> id % 5 != 1;
        TopK expected = one.search(query, k, filter, 0);
        TopK actual = sharded.search(query, k, filter, 0);
        String what = "seed=" + SEED + " query=" + q + " k=" + k;
        assertArrayEquals(expected.ids(), actual.ids(), what);
        assertArrayEquals(expected.scores(), actual.scores(), what);
      }
    }
  }

  @Test
  void build_hnswShards_recallNearExact() {
    Dataset<Row> vectors = SyntheticFrames.vectors(LocalSpark.session(), 2000, DIM, SEED + 1);
    List<Row> rows = vectors.collectAsList();
    Path out = dir.resolve("hnsw3");
    ShardedIndexBuildJob.builder(3).metric(Metric.COSINE).build().build(vectors, out.toString());
    Random rnd = new Random(SEED + 1);
    int hits = 0;
    try (AnnIndex exact = exactOver(rows, Metric.COSINE);
        AnnIndex sharded = AnnIndex.load(out.resolve(ShardedIndexBuildJob.MANIFEST))) {
      for (int q = 0; q < 40; q++) {
        float[] query = query(rnd);
        TopK truth = exact.search(query, 10);
        TopK got = sharded.search(query, 10);
        for (long id : truth.ids()) {
          hits += got.contains(id) ? 1 : 0;
        }
      }
    }
    assertTrue(hits >= 0.95 * 400, "recall@10 " + hits / 400.0 + " seed=" + (SEED + 1));
  }

  @Test
  void build_moreShardsThanItems_leavesEmptyShardsThatLoad() {
    Dataset<Row> vectors = SyntheticFrames.vectors(LocalSpark.session(), 5, DIM, SEED + 2);
    Path out = dir.resolve("sparse");
    ShardManifest m = ShardedIndexBuildJob.builder(8).build().build(vectors, out.toString());
    assertEquals(8, m.shards().size());
    assertTrue(m.shards().stream().anyMatch(s -> s.size() == 0), m.toString());
    try (AnnIndex sharded = AnnIndex.load(out.resolve(ShardedIndexBuildJob.MANIFEST))) {
      assertEquals(5, sharded.search(query(new Random(SEED)), 5).size());
    }
  }

  @Test
  void builder_rejectsBadValues() {
    assertEquals("shards must be 1 to 65536; shards=0", assertThrows(
        IllegalArgumentException.class, () -> ShardedIndexBuildJob.builder(0)).getMessage());
    assertEquals("m must be positive; m=0", assertThrows(IllegalArgumentException.class,
        () -> ShardedIndexBuildJob.builder(2).m(0)).getMessage());
  }
}
