package io.github.vectorrecall.spark;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.hnsw.ShardManifest;
import io.github.vectorrecall.spark.internal.Inputs;
import io.github.vectorrecall.spark.internal.JobArgs;
import io.github.vectorrecall.spark.internal.OutputDir;
import io.github.vectorrecall.spark.internal.Sessions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Builds a sharded index on the executors: item vectors ({@link SparkSchemas#VECTORS}) are split
 * into S shards by {@link ShardManifest#shardOf(long, int)} (a hash of the id), each shard's index
 * is built by one task ({@code hnsw} by default) and saved as {@link
 * ShardManifest#shardFileName(int)} in the output directory, and the driver then writes the
 * checksummed manifest {@value #MANIFEST} beside them. {@code AnnIndex.load} on the manifest opens
 * them all as one {@code sharded} index (recall-hnsw's {@code ShardedAnnIndex}).
 *
 * <p>The output is a directory every executor can write: a shared or local path, or a Hadoop URI
 * ({@code hdfs://}, {@code s3a://}); a server copies the directory to local disk to serve it.
 *
 * <p>Command line: {@code --vectors PATH | --synthetic N --dimension D} {@code --output DIR}
 * {@code --shards S} [{@code --metric COSINE} or {@code --model DIR}: the model's metric]
 * [{@code --m 16}] [{@code --ef-construction 200}] [{@code --threads 1}] [{@code --master
 * local[2]}]. A {@code --vectors} path ending in {@code .json} is read as JSON Lines in the layout
 * of {@link SparkSchemas#VECTORS} (a file, a directory of files or a glob), any other as Parquet.
 */
public final class ShardedIndexBuildJob {
  /** File name of the manifest in the output directory. */
  public static final String MANIFEST = "sharded.index";

  private final Settings settings;

  private ShardedIndexBuildJob(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts a builder.
   *
   * @param shards number of shards S
   * @return a new builder
   * @throws IllegalArgumentException if S is not 1 to {@link ShardManifest#MAX_SHARDS}
   */
  public static Builder builder(int shards) {
    return new Builder(shards);
  }

  /**
   * Builds the shards and writes the manifest (runs the job now).
   *
   * @param vectors a frame of {@link SparkSchemas#VECTORS}, one row per item id
   * @param output the output directory, a path or a Hadoop URI
   * @return the manifest written
   * @throws IllegalArgumentException if the frame is empty
   */
  public ShardManifest build(Dataset<Row> vectors, String output) {
    Dataset<Row> in = SparkSchemas.conform(vectors, SparkSchemas.VECTORS, "item vectors");
    Row first = in.first();
    int dimension = SparkSchemas.vector(first, 1).length;
    OutputDir out = new OutputDir(Objects.requireNonNull(output, "output"));
    int s = settings.shards;
    List<Tuple2<Integer, Integer>> built = in.javaRDD()
        .mapToPair(r -> new Tuple2<>(ShardManifest.shardOf(r.getLong(0), s),
            new Tuple2<>(r.getLong(0), SparkSchemas.vector(r, 1))))
        // Integer keys 0..S-1 hash to themselves: shard i is partition i.
        .partitionBy(new HashPartitioner(s))
        .mapPartitionsWithIndex(new BuildShard(settings, dimension, out), true)
        .collect();
    List<Tuple2<Integer, Integer>> sorted = new ArrayList<>(built);
    sorted.sort(Comparator.comparing(Tuple2::_1));
    List<ShardManifest.Shard> shards = new ArrayList<>();
    for (Tuple2<Integer, Integer> t : sorted) {
      shards.add(new ShardManifest.Shard(ShardManifest.shardFileName(t._1()), t._2()));
    }
    ShardManifest manifest = new ShardManifest(dimension, settings.metric, shards);
    out.write(MANIFEST, manifest::write);
    return manifest;
  }

  /** Runs on the executors: one task builds and saves one shard. */
  private static final class BuildShard implements
      Function2<Integer, Iterator<Tuple2<Integer, Tuple2<Long, float[]>>>,
          Iterator<Tuple2<Integer, Integer>>> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final int dimension;
    private final OutputDir out;

    BuildShard(Settings settings, int dimension, OutputDir out) {
      this.settings = settings;
      this.dimension = dimension;
      this.out = out;
    }

    @Override
    public Iterator<Tuple2<Integer, Integer>> call(Integer shard,
        Iterator<Tuple2<Integer, Tuple2<Long, float[]>>> rows) {
      List<Long> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      while (rows.hasNext()) {
        Tuple2<Long, float[]> r = rows.next()._2();
        ids.add(r._1());
        vectors.add(r._2());
      }
      IndexConfig config = IndexConfig.builder(dimension).metric(settings.metric).m(settings.m)
          .efConstruction(settings.efConstruction).efSearch(settings.efSearch)
          .expectedSize(Math.max(1, ids.size())).buildThreads(settings.buildThreads)
          .seed(settings.seed + shard).build();
      try (AnnIndex index = AnnIndex.create(settings.provider, config)) {
        if (!ids.isEmpty()) {
          index.addAll(ids.stream().mapToLong(Long::longValue).toArray(),
              vectors.toArray(new float[0][]));
        }
        out.write(ShardManifest.shardFileName(shard), index::save);
        return List.of(new Tuple2<>(shard, index.size())).iterator();
      }
    }
  }

  /**
   * Builds a sharded index from Parquet or JSON Lines (or synthetic vectors).
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    JobArgs a = JobArgs.parse("ShardedIndexBuildJob", args, "vectors", "synthetic", "dimension",
        "output", "shards", "metric", "model", "m", "ef-construction", "threads", "provider",
        "master");
    SparkSession spark = Sessions.start("vectorrecall-sharded-build", a);
    try {
      Dataset<Row> vectors = a.has("vectors") ? Inputs.read(spark, a.require("vectors"), SparkSchemas.VECTORS)
          : SyntheticFrames.vectors(spark, a.getInt("synthetic", 10_000),
              a.getInt("dimension", 64), SyntheticFrames.DEFAULT_SEED);
      Metric metric = Metric.valueOf(a.get("metric", "COSINE"));
      if (a.has("model")) {
        try (Encoder e = Encoder.load("java", Path.of(a.require("model")))) {
          metric = e.metric();
        }
      }
      ShardManifest m = builder(a.getInt("shards", 4))
          .metric(metric)
          .provider(a.get("provider", "hnsw"))
          .m(a.getInt("m", IndexConfig.DEFAULT_M))
          .efConstruction(a.getInt("ef-construction", IndexConfig.DEFAULT_EF_CONSTRUCTION))
          .buildThreads(a.getInt("threads", 1))
          .build().build(vectors, a.require("output"));
      System.out.println("wrote " + m.shards().size() + " shards, " + m.size() + " items, to "
          + a.require("output"));
    } finally {
      spark.stop();
    }
  }

  /** What each task needs to build its shard. */
  private static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    int shards;
    String provider = "hnsw";
    Metric metric = Metric.COSINE;
    int m = IndexConfig.DEFAULT_M;
    int efConstruction = IndexConfig.DEFAULT_EF_CONSTRUCTION;
    int efSearch = IndexConfig.DEFAULT_EF_SEARCH;
    int buildThreads = 1;
    long seed = IndexConfig.DEFAULT_SEED;

    Settings copy() {
      Settings s = new Settings();
      s.shards = shards;
      s.provider = provider;
      s.metric = metric;
      s.m = m;
      s.efConstruction = efConstruction;
      s.efSearch = efSearch;
      s.buildThreads = buildThreads;
      s.seed = seed;
      return s;
    }
  }

  /** Builds a {@link ShardedIndexBuildJob}; graph settings are checked by the index on build. */
  public static final class Builder {
    private final Settings s = new Settings();

    private Builder(int shards) {
      if (shards <= 0 || shards > ShardManifest.MAX_SHARDS) {
        throw new IllegalArgumentException("shards must be 1 to " + ShardManifest.MAX_SHARDS
            + "; shards=" + shards);
      }
      s.shards = shards;
    }

    /**
     * The provider of every shard.
     *
     * @param provider such as "hnsw" (default) or "exact"
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder provider(String provider) {
      s.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The metric (default COSINE); use the model's.
     *
     * @param metric the metric
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder metric(Metric metric) {
      s.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * Graph degree.
     *
     * @param m positive (default {@value IndexConfig#DEFAULT_M})
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder m(int m) {
      s.m = positive("m", m);
      return this;
    }

    /**
     * Build effort.
     *
     * @param efConstruction positive (default {@value IndexConfig#DEFAULT_EF_CONSTRUCTION})
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder efConstruction(int efConstruction) {
      s.efConstruction = positive("efConstruction", efConstruction);
      return this;
    }

    /**
     * Default search effort saved in each shard.
     *
     * @param efSearch positive (default {@value IndexConfig#DEFAULT_EF_SEARCH})
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder efSearch(int efSearch) {
      s.efSearch = positive("efSearch", efSearch);
      return this;
    }

    /**
     * Threads each task builds its shard with (Spark already runs one task per core).
     *
     * @param buildThreads 0 for all cores, default 1
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder buildThreads(int buildThreads) {
      if (buildThreads < 0) {
        throw new IllegalArgumentException(
            "buildThreads must be >= 0; buildThreads=" + buildThreads);
      }
      s.buildThreads = buildThreads;
      return this;
    }

    /**
     * Seed of the graph levels (shard i uses seed + i).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      s.seed = seed;
      return this;
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive; " + name + "=" + value);
      }
      return value;
    }

    /**
     * Builds the job.
     *
     * @return the job
     */
    public ShardedIndexBuildJob build() {
      return new ShardedIndexBuildJob(s.copy());
    }
  }
}
