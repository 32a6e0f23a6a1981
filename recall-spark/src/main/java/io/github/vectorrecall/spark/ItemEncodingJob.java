package io.github.vectorrecall.spark;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.spark.internal.Batches;
import io.github.vectorrecall.spark.internal.ExecutorCache;
import io.github.vectorrecall.spark.internal.Inputs;
import io.github.vectorrecall.spark.internal.JobArgs;
import io.github.vectorrecall.spark.internal.Sessions;
import io.github.vectorrecall.spi.EncoderProvider;
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

/**
 * Encodes a catalog on the executors: item features ({@link SparkSchemas#ITEMS}) in, item vectors
 * ({@link SparkSchemas#VECTORS}) out, with the plain-Java encoder ({@code recall-model}, no
 * PyTorch on the cluster). The model file travels with the job ({@link ShippedPath}) and each
 * executor JVM loads it once ({@link ExecutorCache}), whatever its number of tasks.
 *
 * <pre>{@code
 * Dataset<Row> vectors = ItemEncodingJob.builder().model(ShippedPath.ship(spark, modelFile))
 *     .build().encode(spark.read().parquet("items"));
 * }</pre>
 *
 * <p>Command line: {@code --items PATH | --synthetic N} {@code --model DIR --output PATH}
 * [{@code --master local[2]}] [{@code --batch N}]. An input path ending in {@code .json} is read
 * as JSON Lines in the layout of {@link SparkSchemas#ITEMS} (a file, a directory of files or a
 * glob), any other as Parquet; the output is Parquet. The main prints the number of items
 * written and their dimension.
 */
public final class ItemEncodingJob {
  private final ShippedPath model;
  private final int batchSize;

  private ItemEncodingJob(Builder b) {
    this.model = b.model;
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
   * Encodes every item (lazily: the work runs when the result is written or collected).
   *
   * @param items a frame with {@link SparkSchemas#ITEMS}'s columns
   * @return (item_id, vector) rows
   * @throws IllegalArgumentException if {@code item_id} is missing
   */
  public Dataset<Row> encode(Dataset<Row> items) {
    Dataset<Row> in = SparkSchemas.conform(items, SparkSchemas.ITEMS, "items");
    return in.mapPartitions(new EncodePartition(model, batchSize),
        Encoders.row(SparkSchemas.VECTORS));
  }

  /** Runs on the executors: one batch of items through the JVM's shared encoder at a time. */
  private static final class EncodePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ShippedPath model;
    private final int batchSize;

    EncodePartition(ShippedPath model, int batchSize) {
      this.model = model;
      this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Encoder encoder = ExecutorCache.encoder(model.resolve().getParent());
      return new Batches<Row, Row>(rows, batchSize, batch -> {
        List<ItemFeatures> items = new ArrayList<>(batch.size());
        for (Row r : batch) {
          items.add(SparkSchemas.item(r));
        }
        float[][] vectors = encoder.encodeItems(items);
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < vectors.length; i++) {
          out.add(RowFactory.create(items.get(i).itemId(), vectors[i]));
        }
        return out;
      });
    }
  }

  /**
   * Encodes items from JSON Lines or Parquet (or synthetic items) into Parquet.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    JobArgs a = JobArgs.parse("ItemEncodingJob", args,
        "items", "synthetic", "model", "output", "master", "batch");
    SparkSession spark = Sessions.start("vectorrecall-item-encoding", a);
    try {
      Dataset<Row> items = a.has("items") ? Inputs.read(spark, a.require("items"), SparkSchemas.ITEMS)
          : SyntheticFrames.items(spark, a.getInt("synthetic", 2000));
      ItemEncodingJob job = builder()
          .model(ShippedPath.ship(spark,
              Path.of(a.require("model")).resolve(EncoderProvider.MODEL_FILE)))
          .batchSize(a.getInt("batch", DEFAULT_BATCH_SIZE)).build();
      String output = a.require("output");
      job.encode(items).write().mode("overwrite").parquet(output);
      Dataset<Row> written = spark.read().parquet(output);
      long n = written.count();
      int dimension = n == 0 ? 0 : SparkSchemas.vector(written.select("vector").first(), 0).length;
      System.out.println("encoded " + n + " items (dimension " + dimension + ") to " + output);
    } finally {
      spark.stop();
    }
  }

  /** Items encoded per call by default. */
  public static final int DEFAULT_BATCH_SIZE = 512;

  /** Builds an {@link ItemEncodingJob}. */
  public static final class Builder {
    private ShippedPath model;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * The model file ({@code model.bin} of a model directory), shipped or shared.
     *
     * @param model the model file's handle
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder model(ShippedPath model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Items encoded per encoder call.
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
     * @throws IllegalStateException if no model was set
     */
    public ItemEncodingJob build() {
      if (model == null) {
        throw new IllegalStateException("model is required: call model(ShippedPath)");
      }
      return new ItemEncodingJob(this);
    }
  }
}
