package io.github.vectorrecall.examples;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --name value} command-line options. */
final class Options {
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  static Options parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "expected '--name value' pairs; got '" + args[i] + "' at position " + i);
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return new Options(m);
  }

  /** A copy with some values replaced: {@code with("pooling", "mean", "logq", "false")}. */
  Options with(String... pairs) {
    Map<String, String> m = new HashMap<>(values);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return new Options(m);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer; got '" + v + "'", e);
    }
  }

  boolean bool(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("--" + name + " must be true or false; got '" + v + "'");
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
        return e;
      }
    }
    throw new IllegalArgumentException("--" + name + " must be one of "
        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
        + "; got '" + v + "'");
  }
}
