package io.github.vectorrecall.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;

/**
 * Writes report maps (maps, lists, strings, numbers) as indented JSON through Gson, keys in the
 * maps' order. A NaN or infinite number is written as {@code null}, which JSON can hold.
 */
final class Json {
  private static final JsonSerializer<Number> FINITE_OR_NULL = (n, type, context) ->
      Double.isFinite(n.doubleValue()) ? new JsonPrimitive(n) : JsonNull.INSTANCE;
  private static final Gson GSON = new GsonBuilder()
      .setPrettyPrinting()
      .serializeNulls()
      .disableHtmlEscaping()
      .registerTypeAdapter(Double.class, FINITE_OR_NULL)
      .registerTypeAdapter(Float.class, FINITE_OR_NULL)
      .create();

  private Json() {}

  /**
   * The value as JSON.
   *
   * @param value a map, list, string, number or boolean, nested as deep as needed
   * @return the text, ending with a newline
   */
  static String write(Object value) {
    return GSON.toJson(value) + "\n";
  }
}
