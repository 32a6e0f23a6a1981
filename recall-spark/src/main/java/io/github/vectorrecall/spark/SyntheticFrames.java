package io.github.vectorrecall.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic inputs for the jobs, made on the executors (nothing is collected on the driver), each
 * row a function of its id and the seed only, so any partitioning gives the same rows. Ids and
 * feature names follow {@code recall-train}'s synthetic data set (the quickstart's): items {@code
 * 100000 + 3i} with a category {@code c0..c23}, two tags {@code t0..t79} and a dense {@code
 * price}; users {@code 1000000 + u} with a {@code segment}, a {@code region}, a dense {@code age}
 * and a history of ten catalog items. So a model the quickstart trained encodes them.
 */
public final class SyntheticFrames {
  /** Seed of the frames when none is given. */
  public static final long DEFAULT_SEED = 7L;

  private static final String[] REGIONS = {"north", "south", "east", "west", "central"};

  private SyntheticFrames() {}

  /**
   * Item features.
   *
   * @param spark the session
   * @param n number of items
   * @return rows of {@link SparkSchemas#ITEMS}
   */
  public static Dataset<Row> items(SparkSession spark, int n) {
    return generate(spark, n, SparkSchemas.ITEMS, new Gen(0, n, 0, DEFAULT_SEED));
  }

  /**
   * Users whose histories are drawn from the first {@code items} synthetic items.
   *
   * @param spark the session
   * @param n number of users
   * @param items catalog size
   * @return rows of {@link SparkSchemas#USERS}
   */
  public static Dataset<Row> users(SparkSession spark, int n, int items) {
    return generate(spark, n, SparkSchemas.USERS, new Gen(1, items, 0, DEFAULT_SEED));
  }

  /**
   * Random Gaussian item vectors with the synthetic item ids.
   *
   * @param spark the session
   * @param n number of items
   * @param dimension vector length
   * @param seed random seed
   * @return rows of {@link SparkSchemas#VECTORS}
   */
  public static Dataset<Row> vectors(SparkSession spark, int n, int dimension, long seed) {
    return generate(spark, n, SparkSchemas.VECTORS, new Gen(2, n, dimension, seed));
  }

  /**
   * Clustered item vectors with the synthetic item ids: {@code clusters} Gaussian centres, each
   * item a centre plus Gaussian noise of standard deviation {@code spread}, so that nearest
   * neighbours mean something (unlike {@link #vectors}, where at 128 dimensions every point is
   * about as far from every other).
   *
   * @param spark the session
   * @param n number of items
   * @param dimension vector length
   * @param clusters number of centres
   * @param spread noise standard deviation around a centre (the centres have 1)
   * @param seed random seed of the centres and the noise
   * @return rows of {@link SparkSchemas#VECTORS}
   */
  public static Dataset<Row> clusteredVectors(SparkSession spark, int n, int dimension,
      int clusters, double spread, long seed) {
    return generate(spark, n, SparkSchemas.VECTORS,
        new Gen(3, n, dimension, seed, clusters, spread));
  }

  /**
   * One vector drawn as {@link #clusteredVectors} draws them (a centre chosen by {@code rnd}
   * plus noise), for queries from the same distribution as the items.
   *
   * @param dimension vector length
   * @param clusters number of centres
   * @param spread noise standard deviation
   * @param seed the seed of the centres, as given to {@link #clusteredVectors}
   * @param rnd the source of the centre choice and the noise
   * @return a new vector
   */
  public static float[] clusteredVector(int dimension, int clusters, double spread, long seed,
      SplittableRandom rnd) {
    SplittableRandom centre = new SplittableRandom(seed * 7_919L + rnd.nextInt(clusters));
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      v[j] = (float) (Gen.gaussian(centre) + spread * Gen.gaussian(rnd));
    }
    return v;
  }

  /**
   * The id of synthetic item {@code i}.
   *
   * @param i item number
   * @return its id
   */
  public static long itemId(long i) {
    return 100_000L + 3L * i;
  }

  /**
   * The id of synthetic user {@code u}.
   *
   * @param u user number
   * @return its id
   */
  public static long userId(long u) {
    return 1_000_000L + u;
  }

  private static Dataset<Row> generate(SparkSession spark, int n, StructType schema, Gen gen) {
    if (n <= 0) {
      throw new IllegalArgumentException("a synthetic frame needs at least one row; n=" + n);
    }
    return spark.range(n).toDF().mapPartitions(gen, Encoders.row(schema));
  }

  private static final class Gen implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int kind;
    private final int items;
    private final int dimension;
    private final long seed;
    private final int clusters;
    private final double spread;

    Gen(int kind, int items, int dimension, long seed) {
      this(kind, items, dimension, seed, 0, 0);
    }

    Gen(int kind, int items, int dimension, long seed, int clusters, double spread) {
      this.kind = kind;
      this.items = items;
      this.dimension = dimension;
      this.seed = seed;
      this.clusters = clusters;
      this.spread = spread;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> ids) {
      List<Row> out = new ArrayList<>();
      while (ids.hasNext()) {
        long i = ids.next().getLong(0);
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + i * 31L + kind);
        out.add(switch (kind) {
          case 0 -> RowFactory.create(itemId(i), "c" + rnd.nextInt(24),
              List.of("t" + rnd.nextInt(80), "t" + rnd.nextInt(80)).toArray(new String[0]),
              scalaMap(Map.of("price", (float) rnd.nextDouble())));
          case 1 -> {
            long[] history = new long[10];
            for (int h = 0; h < history.length; h++) {
              history[h] = itemId(rnd.nextInt(items));
            }
            Long[] boxed = new Long[history.length];
            for (int h = 0; h < boxed.length; h++) {
              boxed[h] = history[h];
            }
            yield RowFactory.create(userId(i),
                scalaMap(Map.of("segment", "s" + rnd.nextInt(12), "region", REGIONS[rnd.nextInt(5)])),
                scalaMap(Map.of("age", (float) rnd.nextDouble())), boxed);
          }
          case 3 -> RowFactory.create(itemId(i),
              clusteredVector(dimension, clusters, spread, seed, rnd));
          default -> {
            float[] v = new float[dimension];
            for (int j = 0; j < dimension; j++) {
              v[j] = (float) gaussian(rnd);
            }
            yield RowFactory.create(itemId(i), v);
          }
        });
      }
      return out.iterator();
    }

    /** A map as Spark's rows hold them. */
    private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
      return scala.jdk.javaapi.CollectionConverters.asScala(m);
    }

    static double gaussian(SplittableRandom rnd) {
      double u = 1.0 - rnd.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
  }
}
