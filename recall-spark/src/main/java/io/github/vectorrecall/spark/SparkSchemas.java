package io.github.vectorrecall.spark;

import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table layouts the jobs read and write. Inputs may hold more columns (they are ignored) and
 * may leave out the optional ones; numeric columns are cast (an int id, a double feature).
 *
 * <ul>
 *   <li>{@link #ITEMS}, item features: {@code item_id BIGINT} (required), {@code category STRING},
 *       {@code tags ARRAY<STRING>}, {@code dense MAP<STRING, FLOAT>} (feature name to value).
 *   <li>{@link #USERS}, users to recall for: {@code user_id BIGINT} (required), {@code
 *       categorical MAP<STRING, STRING>}, {@code dense MAP<STRING, FLOAT>}, {@code history
 *       ARRAY<BIGINT>} (recent item ids, oldest first; excluded from the results).
 *   <li>{@link #VECTORS}, item vectors: {@code item_id BIGINT}, {@code vector ARRAY<FLOAT>}.
 *   <li>{@link #RECALLS}, the recall output: {@code user_id BIGINT}, {@code rank INT} (1 is
 *       best), {@code item_id BIGINT}, {@code score FLOAT} (higher is better).
 * </ul>
 *
 * <p>The same layouts as JSON Lines, which the jobs' mains read from a path ending in {@code
 * .json}: {@code {"item_id": 50, "category": "Action", "tags": ["Action", "Sci-Fi",
 * "decade:1970s"], "dense": {"year": 0.77}}} and {@code {"user_id": 1, "categorical": {"gender":
 * "M"}, "dense": {"age": 0.24}, "history": [168, 172, 165]}}. Read them with the schema ({@code
 * spark.read().schema(SparkSchemas.ITEMS).json(path)}): inferred, the maps would become structs.
 */
public final class SparkSchemas {
  /** Item features. */
  public static final StructType ITEMS = new StructType(new StructField[] {
      DataTypes.createStructField("item_id", DataTypes.LongType, false),
      DataTypes.createStructField("category", DataTypes.StringType, true),
      DataTypes.createStructField("tags", DataTypes.createArrayType(DataTypes.StringType), true),
      DataTypes.createStructField("dense", floatMap(), true)});
  /** Users with features and history. */
  public static final StructType USERS = new StructType(new StructField[] {
      DataTypes.createStructField("user_id", DataTypes.LongType, false),
      DataTypes.createStructField("categorical",
          DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true),
      DataTypes.createStructField("dense", floatMap(), true),
      DataTypes.createStructField("history", DataTypes.createArrayType(DataTypes.LongType), true)});
  /** Item vectors. */
  public static final StructType VECTORS = new StructType(new StructField[] {
      DataTypes.createStructField("item_id", DataTypes.LongType, false),
      DataTypes.createStructField("vector", DataTypes.createArrayType(DataTypes.FloatType), false)});
  /** Recall results, one row per (user, rank). */
  public static final StructType RECALLS = new StructType(new StructField[] {
      DataTypes.createStructField("user_id", DataTypes.LongType, false),
      DataTypes.createStructField("rank", DataTypes.IntegerType, false),
      DataTypes.createStructField("item_id", DataTypes.LongType, false),
      DataTypes.createStructField("score", DataTypes.FloatType, false)});

  private SparkSchemas() {}

  private static DataType floatMap() {
    return DataTypes.createMapType(DataTypes.StringType, DataTypes.FloatType);
  }

  /**
   * Selects a schema's columns from a frame, in the schema's order, cast to its types; optional
   * columns the frame lacks become nulls.
   *
   * @param frame the input
   * @param schema the layout wanted
   * @param what the input's role, for the message
   * @return the conformed frame
   * @throws IllegalArgumentException if a required column is missing, naming it and the columns
   *     the frame has
   */
  public static Dataset<Row> conform(Dataset<Row> frame, StructType schema, String what) {
    List<String> present = List.of(frame.columns());
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      if (present.contains(f.name())) {
        cols[i] = functions.col(f.name()).cast(f.dataType()).as(f.name());
      } else if (f.nullable()) {
        cols[i] = functions.lit(null).cast(f.dataType()).as(f.name());
      } else {
        throw new IllegalArgumentException(what + " must have a column '" + f.name()
            + "'; columns=" + present);
      }
    }
    return frame.select(cols);
  }

  /**
   * An item row of {@link #ITEMS} (as {@link #conform} returns) as the encoder's input.
   *
   * @param row the row
   * @return the item features
   */
  public static ItemFeatures item(Row row) {
    ItemFeatures.Builder b = ItemFeatures.builder(row.getLong(0));
    if (!row.isNullAt(1)) {
      b.category(row.getString(1));
    }
    if (!row.isNullAt(2)) {
      for (Object tag : list(row, 2)) {
        if (tag != null) {
          b.tag((String) tag);
        }
      }
    }
    if (!row.isNullAt(3)) {
      for (Map.Entry<Object, Object> e : map(row, 3).entrySet()) {
        if (e.getValue() != null) {
          b.dense((String) e.getKey(), (Float) e.getValue());
        }
      }
    }
    return b.build();
  }

  /**
   * A user row of {@link #USERS} (as {@link #conform} returns) as a recall request.
   *
   * @param row the row
   * @return the query, with the history to exclude
   */
  public static UserQuery user(Row row) {
    UserFeatures.Builder f = UserFeatures.builder(row.getLong(0));
    if (!row.isNullAt(1)) {
      for (Map.Entry<Object, Object> e : map(row, 1).entrySet()) {
        if (e.getValue() != null) {
          f.categorical((String) e.getKey(), (String) e.getValue());
        }
      }
    }
    if (!row.isNullAt(2)) {
      for (Map.Entry<Object, Object> e : map(row, 2).entrySet()) {
        if (e.getValue() != null) {
          f.dense((String) e.getKey(), (Float) e.getValue());
        }
      }
    }
    UserQuery.Builder q = UserQuery.builder(f.build());
    if (!row.isNullAt(3)) {
      List<Object> h = list(row, 3);
      long[] history = h.stream().filter(x -> x != null).mapToLong(x -> (Long) x).toArray();
      q.history(history);
    }
    return q.build();
  }

  /**
   * The vector of a {@link #VECTORS} row.
   *
   * @param row the row
   * @param column the vector's column
   * @return a new array
   */
  public static float[] vector(Row row, int column) {
    List<Object> v = list(row, column);
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      Object x = v.get(i);
      if (x == null) {
        throw new IllegalArgumentException("vector of row " + row.get(0) + " has a null at " + i);
      }
      out[i] = (Float) x;
    }
    return out;
  }

  /**
   * An array column as a list, whatever the row holds: a Scala sequence (rows Spark decoded) or a
   * Java array or list (rows a job made and Spark passed on without encoding them).
   */
  @SuppressWarnings("unchecked")
  private static List<Object> list(Row row, int i) {
    Object v = row.get(i);
    if (v instanceof scala.collection.Seq<?> seq) {
      return (List<Object>) scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    if (v instanceof Object[] a) {
      return java.util.Arrays.asList(a);
    }
    if (v instanceof float[] f) {
      List<Object> out = new java.util.ArrayList<>(f.length);
      for (float x : f) {
        out.add(x);
      }
      return out;
    }
    if (v instanceof long[] f) {
      List<Object> out = new java.util.ArrayList<>(f.length);
      for (long x : f) {
        out.add(x);
      }
      return out;
    }
    throw new IllegalArgumentException("column " + i + " is not an array; it holds "
        + v.getClass().getName());
  }

  /** A map column as a Java map, whether the row holds a Scala or a Java map. */
  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Row row, int i) {
    Object v = row.get(i);
    if (v instanceof scala.collection.Map<?, ?> m) {
      return (Map<Object, Object>) scala.jdk.javaapi.CollectionConverters.asJava(m);
    }
    return (Map<Object, Object>) v;
  }
}
