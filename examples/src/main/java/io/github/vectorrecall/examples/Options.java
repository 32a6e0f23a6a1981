package io.github.vectorrecall.examples;

import java.util.HashMap;
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
}
