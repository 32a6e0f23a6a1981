package io.github.vectorrecall.data;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Immutable copies and checks shared by the feature value types. */
final class FeatureMaps {
  private FeatureMaps() {}

  static Map<String, String> categorical(Map<String, String> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> copy = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "categorical feature name");
          Objects.requireNonNull(v, () -> "value of categorical feature '" + k + "'");
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }

  static Map<String, Float> dense(Map<String, Float> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, Float> copy = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "dense feature name");
          Objects.requireNonNull(v, () -> "value of dense feature '" + k + "'");
          if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(
                "dense feature '" + k + "' must be finite; " + k + "=" + v);
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }

  static List<String> tags(List<String> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    for (String t : in) {
      Objects.requireNonNull(t, "tag");
    }
    return List.copyOf(in);
  }
}
