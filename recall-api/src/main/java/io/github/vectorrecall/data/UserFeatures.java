package io.github.vectorrecall.data;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a user besides behaviour: categorical features (gender, country, plan...)
 * and dense features (age scaled to about [0, 1], account age...). Immutable.
 *
 * <pre>{@code
 * UserFeatures u = UserFeatures.builder(42).categorical("country", "SE").dense("age", 0.31f).build();
 * }</pre>
 *
 * @param userId the caller's user id
 * @param categorical feature name to value
 * @param dense feature name to a finite value
 */
public record UserFeatures(long userId, Map<String, String> categorical, Map<String, Float> dense) {

  /**
   * Copies the maps into immutable sorted maps.
   *
   * @throws IllegalArgumentException if a dense value is not finite
   */
  public UserFeatures {
    categorical = FeatureMaps.categorical(categorical);
    dense = FeatureMaps.dense(dense);
  }

  /**
   * Features of a user with nothing but an id.
   *
   * @param userId the user id
   * @return features with empty maps
   */
  public static UserFeatures of(long userId) {
    return new UserFeatures(userId, Map.of(), Map.of());
  }

  /**
   * Starts a builder.
   *
   * @param userId the user id
   * @return a new builder
   */
  public static Builder builder(long userId) {
    return new Builder(userId);
  }

  /** Builds {@link UserFeatures}. */
  public static final class Builder {
    private final long userId;
    private final Map<String, String> categorical = new HashMap<>();
    private final Map<String, Float> dense = new HashMap<>();

    private Builder(long userId) {
      this.userId = userId;
    }

    /**
     * Sets a categorical feature.
     *
     * @param name feature name
     * @param value its value
     * @return this builder
     * @throws NullPointerException if either is null
     */
    public Builder categorical(String name, String value) {
      categorical.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets a dense feature.
     *
     * @param name feature name
     * @param value a finite value
     * @return this builder
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder dense(String name, float value) {
      Objects.requireNonNull(name, "name");
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(
            "dense feature '" + name + "' must be finite; " + name + "=" + value);
      }
      dense.put(name, value);
      return this;
    }

    /**
     * Builds the immutable features.
     *
     * @return the features
     */
    public UserFeatures build() {
      return new UserFeatures(userId, categorical, dense);
    }
  }
}
