package io.github.vectorrecall.spark;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.spi.EncoderProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reduced-scale measurements of BENCHMARKS.md "Spark" (not a test): batch recall on
 * {@code local[2]} against the same work in one JVM on two threads, and the sharded build and
 * search against one index. Arguments: users, items (batch recall; 0 users skips it), vectors,
 * dimension (sharded), and optionally the shard counts (default {@code 1,4}), K (10), ef (100)
 * and the number of clusters of the vectors (0, the default: plain Gaussian vectors).
 */
public final class SparkBench {
  private SparkBench() {}

  public static void main(String[] args) throws Exception {
    int users = Integer.parseInt(args[0]);
    int items = Integer.parseInt(args[1]);
    int vectors = Integer.parseInt(args[2]);
    int dimension = Integer.parseInt(args[3]);
    int[] shards = Arrays.stream((args.length > 4 ? args[4] : "1,4").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int k = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    int ef = args.length > 6 ? Integer.parseInt(args[6]) : 100;
    int clusters = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    Path dir = Files.createTempDirectory("spark-bench");
    SparkSession spark = SparkSession.builder().master("local[2]").appName("spark-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      if (users > 0) {
        batchRecall(spark, dir, users, items);
      }
      sharded(spark, dir, vectors, dimension, shards, k, ef, clusters);
    } finally {
      spark.stop();
    }
  }

  /** A seeded untrained model (64-d output) over the synthetic features of SyntheticFrames. */
  private static Path writeModel(Path dir, int users, int items) {
    List<ItemFeatures> its = new ArrayList<>();
    for (Row r : SparkSchemas.conform(SyntheticFrames.items(SparkSession.active(), items),
        SparkSchemas.ITEMS, "items").collectAsList()) {
      its.add(SparkSchemas.item(r));
    }
    List<UserFeatures> us = new ArrayList<>();
    List<Interaction> xs = new ArrayList<>();
    for (Row r : SparkSchemas.conform(SyntheticFrames.users(SparkSession.active(), users, items),
        SparkSchemas.USERS, "users").collectAsList()) {
      UserQuery q = SparkSchemas.user(r);
      us.add(q.features());
      for (long h : q.history()) {
        xs.add(new Interaction(q.userId(), h, 0));
      }
    }
    Featurizer f = Featurizer.fit(Dataset.of("bench", xs, us, its), 20, 4);
    ModelSpec spec = f.spec(64, 32, 64, Pooling.MEAN);
    Path model = dir.resolve("model");
    new ModelFile(spec, f, ModelWeights.initial(spec, new Random(1))).write(model);
    return model;
  }

  private static void batchRecall(SparkSession spark, Path dir, int users, int items)
      throws Exception {
    Path modelDir = writeModel(dir, users, items);
    ShippedPath model = ShippedPath.ship(spark, modelDir.resolve(EncoderProvider.MODEL_FILE));
    long t0 = System.nanoTime();
    org.apache.spark.sql.Dataset<Row> vectors = ItemEncodingJob.builder().model(model).build()
        .encode(SyntheticFrames.items(spark, items)).cache();
    vectors.count();
    double encodeS = (System.nanoTime() - t0) / 1e9;
    Path indexFile;
    try (Encoder e = Encoder.load("java", modelDir)) {
      indexFile = BatchRecallJob.buildIndex(vectors, IndexConfig.builder(e.dimension())
          .metric(e.metric()).buildThreads(2).build(), "hnsw", dir.resolve("items.hnsw"));
    }
    org.apache.spark.sql.Dataset<Row> us = SyntheticFrames.users(spark, users, items).cache();
    us.count();
    BatchRecallJob job = BatchRecallJob.builder().model(model)
        .index(ShippedPath.ship(spark, indexFile)).k(100).build();
    job.recall(us.limit(500)).write().format("noop").mode("overwrite").save();   // warm-up, loads
    long t1 = System.nanoTime();
    job.recall(us).write().format("noop").mode("overwrite").save();
    double sparkS = (System.nanoTime() - t1) / 1e9;

    List<UserQuery> queries = new ArrayList<>();
    for (Row r : SparkSchemas.conform(us, SparkSchemas.USERS, "users").collectAsList()) {
      queries.add(SparkSchemas.user(r));
    }
    try (Encoder e = Encoder.load("java", modelDir); AnnIndex index = AnnIndex.load(indexFile);
        RecallEngine engine = RecallEngine.builder().encoder(e).index(index).k(100).build()) {
      oneJvm(engine, queries.subList(0, 500));   // warm-up
      long t2 = System.nanoTime();
      long rows = oneJvm(engine, queries);
      double jvmS = (System.nanoTime() - t2) / 1e9;
      System.out.printf("BATCH users=%d items=%d k=100 encode-items %.1fs (%.0f items/s) | "
          + "spark local[2] %.2fs = %.0f users/s | one JVM 2 threads %.2fs = %.0f users/s "
          + "(%d rows)%n", users, items, encodeS, items / encodeS, sparkS, users / sparkS, jvmS,
          users / jvmS, rows);
    }
  }

  /** The same recall on two threads in batches of 256, as the job does per partition. */
  private static long oneJvm(RecallEngine engine, List<UserQuery> queries) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      int half = queries.size() / 2;
      for (List<UserQuery> part : List.of(queries.subList(0, half),
          queries.subList(half, queries.size()))) {
        parts.add(pool.submit(() -> {
          long n = 0;
          for (int i = 0; i < part.size(); i += 256) {
            for (TopK t : engine.recall(part.subList(i, Math.min(part.size(), i + 256)))) {
              n += t.size();
            }
          }
          return n;
        }));
      }
      long n = 0;
      for (Future<Long> f : parts) {
        n += f.get();
      }
      return n;
    } finally {
      pool.shutdown();
    }
  }

  private static void sharded(SparkSession spark, Path dir, int n, int dim, int[] shards, int k,
      int ef, int clusters) {
    double spread = 0.5;
    org.apache.spark.sql.Dataset<Row> vectors = (clusters > 0
        ? SyntheticFrames.clusteredVectors(spark, n, dim, clusters, spread, 42)
        : SyntheticFrames.vectors(spark, n, dim, 42)).cache();
    List<Row> rows = vectors.collectAsList();
    long[] ids = rows.stream().mapToLong(r -> r.getLong(0)).toArray();
    float[][] v = rows.stream().map(r -> SparkSchemas.vector(r, 1)).toArray(float[][]::new);
    Random rnd = new Random(3);
    SplittableRandom qrnd = new SplittableRandom(3);
    float[][] queries = new float[1000][dim];
    for (int i = 0; i < queries.length; i++) {
      if (clusters > 0) {
        queries[i] = SyntheticFrames.clusteredVector(dim, clusters, spread, 42, qrnd);
      } else {
        for (int j = 0; j < dim; j++) {
          queries[i][j] = (float) rnd.nextGaussian();
        }
      }
    }
    long te = System.nanoTime();
    long[][] truth = new long[queries.length][];
    try (AnnIndex exact = AnnIndex.create("exact",
        IndexConfig.builder(dim).metric(Metric.COSINE).build())) {
      exact.addAll(ids, v);
      for (int i = 0; i < queries.length; i++) {
        truth[i] = exact.search(queries[i], k).ids();
      }
    }
    System.out.printf("SHARDED data: %d x %d, %s, exact truth for %d queries in %.1fs%n", n, dim,
        clusters > 0 ? clusters + " clusters, spread " + spread : "Gaussian", queries.length,
        (System.nanoTime() - te) / 1e9);
    long t0 = System.nanoTime();
    try (AnnIndex one = AnnIndex.create("hnsw",
        IndexConfig.builder(dim).metric(Metric.COSINE).buildThreads(2).build())) {
      one.addAll(ids, v);
      double buildS = (System.nanoTime() - t0) / 1e9;
      report("one hnsw index, one JVM, 2 build threads", buildS, one, queries, truth, k, ef);
    }
    for (int s : shards) {
      Path out = dir.resolve("sharded-" + s);
      long t1 = System.nanoTime();
      ShardedIndexBuildJob.builder(s).metric(Metric.COSINE).buildThreads(s == 1 ? 2 : 1).build()
          .build(vectors, out.toString());
      double buildS = (System.nanoTime() - t1) / 1e9;
      try (AnnIndex sharded = AnnIndex.load(out.resolve(ShardedIndexBuildJob.MANIFEST))) {
        report("sharded S=" + s + ", built on local[2]", buildS, sharded, queries, truth, k, ef);
      }
    }
  }

  private static void report(String what, double buildS, AnnIndex index, float[][] queries,
      long[][] truth, int k, int ef) {
    for (int i = 0; i < 200; i++) {
      index.search(queries[i], k, null, ef);   // warm-up
    }
    long[] nanos = new long[queries.length];
    int hits = 0;
    for (int i = 0; i < queries.length; i++) {
      long t = System.nanoTime();
      TopK top = index.search(queries[i], k, null, ef);
      nanos[i] = System.nanoTime() - t;
      for (long id : truth[i]) {
        hits += top.contains(id) ? 1 : 0;
      }
    }
    Arrays.sort(nanos);
    System.out.printf("SHARDED %s: build %.1fs, recall@%d %.4f at ef %d, P50 %.3f ms, "
        + "P99 %.3f ms%n", what, buildS, k, hits / (double) (queries.length * k), ef,
        nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6);
  }
}
