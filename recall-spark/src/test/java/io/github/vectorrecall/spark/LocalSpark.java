package io.github.vectorrecall.spark;

import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One {@code local[2]} session for all the Spark tests of this JVM (starting one costs seconds),
 * stopped when the JVM exits, and one seeded model shipped with it: Spark ships one file per name,
 * and every model file is called {@code model.bin}.
 */
final class LocalSpark {
  private static SparkSession spark;
  private static Path modelDir;
  private static ShippedPath model;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("recall-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  /** The directory of the test model (dimension 16, tiny data's catalog of items 100..129). */
  static synchronized Path modelDir() {
    if (modelDir == null) {
      try {
        Path dir = Files.createTempDirectory("recall-spark-model");
        modelDir = EncoderContractTest.writeModel(dir, Pooling.MEAN, 5);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return modelDir;
  }

  /** The test model's file, shipped with the session's jobs. */
  static synchronized ShippedPath model() {
    if (model == null) {
      model = ShippedPath.ship(session(), modelDir().resolve(EncoderProvider.MODEL_FILE));
    }
    return model;
  }

  /** The tiny catalog (and an item the model never saw) as rows of SparkSchemas.ITEMS. */
  static Dataset<Row> items(List<ItemFeatures> items, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (ItemFeatures it : items) {
      rows.add(RowFactory.create(it.itemId(), it.categorical().get(ItemFeatures.CATEGORY),
          it.tags().toArray(new String[0]), CollectionConverters.asScala(it.dense())));
    }
    return session().createDataFrame(rows, SparkSchemas.ITEMS).repartition(partitions);
  }

  /** Queries as rows of SparkSchemas.USERS. */
  static Dataset<Row> users(List<UserQuery> queries, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (UserQuery q : queries) {
      UserFeatures f = q.features();
      Long[] history = new Long[q.history().length];
      for (int i = 0; i < history.length; i++) {
        history[i] = q.history()[i];
      }
      rows.add(RowFactory.create(q.userId(), CollectionConverters.asScala(f.categorical()),
          CollectionConverters.asScala(f.dense()), history));
    }
    return session().createDataFrame(rows, SparkSchemas.USERS).repartition(partitions);
  }
}
