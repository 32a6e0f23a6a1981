package io.github.vectorrecall.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about an item: categorical features (its category, brand...), a bag of tags
 * (genres, keywords; order does not matter) and dense features (price, age...). Immutable.
 *
 * <pre>{@code
 * ItemFeatures it = ItemFeatures.builder(7).category("Drama").tag("1990s").dense("year", 0.6f).build();
 * }</pre>
 *
 * @param itemId the caller's item id
 * @param categorical feature name to value; {@link #CATEGORY} is the conventional main category
 * @param tags the tag bag
 * @param dense feature name to a finite value
 */
public record ItemFeatures(
    long itemId, Map<String, String> categorical, List<String> tags, Map<String, Float> dense) {

  /** Name of the categorical feature set by {@link Builder#category(String)}. */
  public static final String CATEGORY = "category";

  /**
   * Copies the collections into immutable ones.
   *
   * @throws IllegalArgumentException if a dense value is not finite
   */
  public ItemFeatures {
    categorical = FeatureMaps.categorical(categorical);
    tags = FeatureMaps.tags(tags);
    dense = FeatureMaps.dense(dense);
  }

  /**
   * Features of an item with nothing but an id.
   *
   * @param itemId the item id
   * @return features with empty collections
   */
  public static ItemFeatures of(long itemId) {
    return new ItemFeatures(itemId, Map.of(), List.of(), Map.of());
  }

  /**
   * Starts a builder.
   *
   * @param itemId the item id
   * @return a new builder
   */
  public static Builder builder(long itemId) {
    return new Builder(itemId);
  }

  /** Builds {@link ItemFeatures}. */
  public static final class Builder {
    private final long itemId;
    private final Map<String, String> categorical = new HashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final Map<String, Float> dense = new HashMap<>();

    private Builder(long itemId) {
      this.itemId = itemId;
    }

    /**
     * Sets the main category (the categorical feature {@link ItemFeatures#CATEGORY}).
     *
     * @param value the category
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder category(String value) {
      return categorical(CATEGORY, value);
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
     * Adds a tag to the bag.
     *
     * @param tag the tag
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder tag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag"));
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
    public ItemFeatures build() {
      return new ItemFeatures(itemId, categorical, tags, dense);
    }
  }
}
