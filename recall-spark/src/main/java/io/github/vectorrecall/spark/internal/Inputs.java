package io.github.vectorrecall.spark.internal;

import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the input of a job's {@code main}: JSON Lines when the path ends in {@code .json}, else
 * Parquet.
 *
 * <p>A {@code .json} path is a file of JSON Lines (one object per line), or a directory of such
 * files (as {@code Dataset.write().json("x.json")} leaves it), or a glob such as {@code
 * in/*.json}. It is read with the layout's schema given explicitly, so {@code {"dense":
 * {"year": 0.7}}} stays a map (inference would make it a struct) and ids stay {@code BIGINT}; keys
 * outside the layout are ignored, missing ones are null, and a line that is not JSON, or whose
 * value does not fit its column, fails the job naming the record (Spark's {@code FAILFAST} mode)
 * instead of becoming a row of nulls.
 */
public final class Inputs {
  private Inputs() {}

  /**
   * Whether a path is read as JSON Lines.
   *
   * @param path the path as given
   * @return true if it ends in {@code .json} (any case, a trailing slash ignored)
   */
  public static boolean isJson(String path) {
    String p = Objects.requireNonNull(path, "path");
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /**
   * Reads one input.
   *
   * @param spark the session
   * @param path a {@code .json} file, directory or glob, or a Parquet file or directory
   * @param schema the layout of a JSON input ({@code SparkSchemas.ITEMS} and so on); Parquet
   *     brings its own
   * @return the frame, to be conformed to the layout by the job
   */
  public static Dataset<Row> read(SparkSession spark, String path, StructType schema) {
    Objects.requireNonNull(schema, "schema");
    if (isJson(path)) {
      return spark.read().schema(schema).option("mode", "FAILFAST").json(path);
    }
    return spark.read().parquet(path);
  }
}
