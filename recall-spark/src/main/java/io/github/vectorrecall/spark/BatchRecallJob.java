package io.github.vectorrecall.spark;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.hnsw.ShardManifest;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spark.internal.Batches;
import io.github.vectorrecall.spark.internal.ExecutorCache;
import io.github.vectorrecall.spark.internal.Inputs;
import io.github.vectorrecall.spark.internal.JobArgs;
import io.github.vectorrecall.spark.internal.Sessions;
import io.github.vectorrecall.spi.EncoderProvider;
import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Recalls the top K items for every user on the executors: users ({@link SparkSchemas#USERS}) in,
 * one row per (user, rank) ({@link SparkSchemas#RECALLS}) out, through a {@link RecallEngine} on
 * each executor, so the results are those {@code RecallEngine.recall} gives for the same users
 * (the user's history is excluded when {@link Builder#excludeSeen} is on, the default).
 *
 * <p>The model file and the index file travel with the job ({@link ShippedPath}); each executor
 * JVM opens them once ({@link ExecutorCache}) and its tasks share them. The index is any saved
 * index, a sharded manifest included; {@link #buildIndex} makes one on the driver from a frame of
 * item vectors.
 *
 * <p>Command line (a sharded manifest given to {@code --index} is read from its shared path, the
 * other index files are shipped): {@code --users PATH | --synthetic N} {@code --model DIR}
 * {@code --index FILE |
 * --item-vectors PATH} {@code --output PATH} [{@code --k 100}] [{@code --ef 0}] [{@code --master
 * local[2]}] [{@code --items N}: catalog size of synthetic users' histories]. An input path
 * ({@code --users}, {@code --item-vectors}) ending in {@code .json} is read as JSON Lines in the
 * layout of {@link SparkSchemas#USERS} or {@link SparkSchemas#VECTORS} (a file, a directory of
 * files or a glob), any other as Parquet; the output is Parquet.
 */
public final class BatchRecallJob {
  /** Users recalled per engine call by default. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  private final ShippedPath model;
  private final ShippedPath index;
  private final int k;
  private final int ef;
  private final boolean excludeSeen;
  private final int batchSize;

  private BatchRecallJob(Builder b) {
    this.model = b.model;
    this.index = b.index;
    this.k = b.k;
    this.ef = b.ef;
    this.excludeSeen = b.excludeSeen;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Recalls for every user (lazily: the work runs when the result is written or collected).
   *
   * @param users a frame with {@link SparkSchemas#USERS}'s columns
   * @return (user_id, rank, item_id, score) rows, K per user (fewer only when fewer items pass)
   * @throws IllegalArgumentException if {@code user_id} is missing
   */
  public Dataset<Row> recall(Dataset<Row> users) {
    Dataset<Row> in = SparkSchemas.conform(users, SparkSchemas.USERS, "users");
    return in.mapPartitions(new RecallPartition(this), Encoders.row(SparkSchemas.RECALLS));
  }

  /**
   * Builds an index over item vectors on the driver (they are collected there) and saves it.
   *
   * @param vectors a frame of {@link SparkSchemas#VECTORS}
   * @param config the index settings (dimension and metric must match the model's)
   * @param provider index provider, such as "hnsw"
   * @param file where to save it
   * @return the file
   */
  public static Path buildIndex(Dataset<Row> vectors, IndexConfig config, String provider,
      Path file) {
    List<Row> rows = SparkSchemas.conform(vectors, SparkSchemas.VECTORS, "item vectors")
        .collectAsList();
    long[] ids = new long[rows.size()];
    float[][] v = new float[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getLong(0);
      v[i] = SparkSchemas.vector(rows.get(i), 1);
    }
    try (AnnIndex index = AnnIndex.create(provider, config)) {
      index.addAll(ids, v);
      index.save(file);
    }
    return file;
  }

  /** Runs on the executors: batches of users through one engine over the JVM's shared pair. */
  private static final class RecallPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ShippedPath model;
    private final ShippedPath index;
    private final int k;
    private final int ef;
    private final boolean excludeSeen;
    private final int batchSize;

    RecallPartition(BatchRecallJob job) {
      this.model = job.model;
      this.index = job.index;
      this.k = job.k;
      this.ef = job.ef;
      this.excludeSeen = job.excludeSeen;
      this.batchSize = job.batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Encoder encoder = ExecutorCache.encoder(model.resolve().getParent());
      AnnIndex ann = ExecutorCache.index(index.resolve());
      // The engine holds no resources of its own: it does not own the shared encoder and index.
      RecallEngine engine = RecallEngine.builder().encoder(encoder).index(ann)
          .k(Math.min(k, ann.size())).ef(ef).excludeSeen(excludeSeen).build();
      return new Batches<Row, Row>(rows, batchSize, batch -> {
        List<UserQuery> queries = new ArrayList<>(batch.size());
        for (Row r : batch) {
          queries.add(SparkSchemas.user(r));
        }
        List<TopK> tops = engine.recall(queries);
        List<Row> out = new ArrayList<>(batch.size() * k);
        for (int u = 0; u < tops.size(); u++) {
          TopK top = tops.get(u);
          long user = queries.get(u).userId();
          for (int r = 0; r < top.size(); r++) {
            out.add(RowFactory.create(user, r + 1, top.id(r), top.score(r)));
          }
        }
        return out;
      });
    }
  }

  /**
   * Recalls for users from JSON Lines or Parquet (or synthetic users) into Parquet, and prints a
   * summary (rows, users, the first user's best five).
   *
   * @param args see the class comment
   * @throws java.io.IOException if a temporary index file cannot be made
   */
  public static void main(String[] args) throws java.io.IOException {
    JobArgs a = JobArgs.parse("BatchRecallJob", args, "users", "synthetic", "items", "model",
        "index", "item-vectors", "output", "k", "ef", "master", "batch");
    SparkSession spark = Sessions.start("vectorrecall-batch-recall", a);
    try {
      Path modelDir = Path.of(a.require("model"));
      Path indexFile;
      if (a.has("index")) {
        indexFile = Path.of(a.require("index"));
      } else {
        Dataset<Row> vectors =
            Inputs.read(spark, a.require("item-vectors"), SparkSchemas.VECTORS);
        int dim = SparkSchemas.vector(vectors.select("vector").first(), 0).length;
        try (Encoder e = Encoder.load("java", modelDir)) {
          indexFile = buildIndex(vectors, IndexConfig.builder(dim).metric(e.metric())
              .buildThreads(0).build(), "hnsw", Files.createTempDirectory("recall-index")
              .resolve("items-" + System.nanoTime() + ".hnsw"));
        }
        indexFile.toFile().deleteOnExit();
        indexFile.getParent().toFile().deleteOnExit();
      }
      Dataset<Row> users = a.has("users")
          ? Inputs.read(spark, a.require("users"), SparkSchemas.USERS)
          : SyntheticFrames.users(spark, a.getInt("synthetic", 1000), a.getInt("items", 2000));
      int k = a.getInt("k", RecallEngine.Builder.DEFAULT_K);
      String output = a.require("output");
      builder()
          .model(ShippedPath.ship(spark, modelDir.resolve(EncoderProvider.MODEL_FILE)))
          // a sharded manifest names shard files beside it: read from a shared path, not shipped
          .index(ChecksummedFile.readCodec(indexFile).equals(ShardManifest.CODEC)
              ? ShippedPath.shared(indexFile) : ShippedPath.ship(spark, indexFile))
          .k(k).ef(a.getInt("ef", 0))
          .batchSize(a.getInt("batch", DEFAULT_BATCH_SIZE)).build()
          .recall(users).write().mode("overwrite").parquet(output);
      summarize(spark.read().parquet(output), k, output);
    } finally {
      spark.stop();
    }
  }

  /**
   * Prints what the main wrote: rows, users, and the first user's best five, so that a run can be
   * checked at a glance (rows = users x K unless a user has fewer than K unseen items).
   */
  private static void summarize(Dataset<Row> written, int k, String output) {
    Row counts = written.agg(functions.count(functions.lit(1)),
        functions.countDistinct("user_id"), functions.min("user_id")).first();
    long rows = counts.getLong(0);
    long users = counts.getLong(1);
    System.out.println("wrote " + rows + " rows for " + users + " users (K=" + k + ", "
        + (users * k == rows ? "K each" : "some fewer than K") + ") to " + output);
    if (rows == 0) {
      return;
    }
    long first = counts.getLong(2);
    StringBuilder line = new StringBuilder("user " + first + ":");
    for (Row r : written.where(functions.col("user_id").equalTo(first)).orderBy("rank")
        .limit(5).collectAsList()) {
      line.append(String.format(java.util.Locale.ROOT, "  %d. item %d (%.4f)", r.getInt(1),
          r.getLong(2), r.getFloat(3)));
    }
    System.out.println(line);
  }

  /** Builds a {@link BatchRecallJob}. */
  public static final class Builder {
    private ShippedPath model;
    private ShippedPath index;
    private int k = RecallEngine.Builder.DEFAULT_K;
    private int ef;
    private boolean excludeSeen = true;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * The model file ({@code model.bin} of a model directory), shipped or shared.
     *
     * @param model its handle
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder model(ShippedPath model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The index file (any provider, or a sharded manifest), shipped or shared. A sharded index
     * must be shared: its manifest names shard files beside it.
     *
     * @param index its handle
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder index(ShippedPath index) {
      this.index = Objects.requireNonNull(index, "index");
      return this;
    }

    /**
     * Results per user; an index smaller than K gives all its items.
     *
     * @param k positive (default {@value RecallEngine.Builder#DEFAULT_K})
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder k(int k) {
      VectorChecks.checkPositiveK(k);
      this.k = k;
      return this;
    }

    /**
     * Search effort, 0 for the index default.
     *
     * @param ef non-negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder ef(int ef) {
      VectorChecks.checkEf(ef);
      this.ef = ef;
      return this;
    }

    /**
     * Whether a user's history is excluded from their results (default true).
     *
     * @param excludeSeen the flag
     * @return this builder
     */
    public Builder excludeSeen(boolean excludeSeen) {
      this.excludeSeen = excludeSeen;
      return this;
    }

    /**
     * Users per engine call (one encoder batch).
     *
     * @param batchSize positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be positive; batchSize=" + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     * @throws IllegalStateException if the model or index is missing
     */
    public BatchRecallJob build() {
      if (model == null || index == null) {
        throw new IllegalStateException("model and index are required; model=" + model
            + ", index=" + index);
      }
      return new BatchRecallJob(this);
    }
  }
}
