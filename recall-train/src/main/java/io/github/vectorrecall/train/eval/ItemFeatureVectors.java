package io.github.vectorrecall.train.eval;

import io.github.vectorrecall.data.ItemFeatures;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Items as plain feature vectors, for baselines that need no training: one entry per
 * categorical (field, value) pair (one-hot per field), one per tag (multi-hot), and one per dense
 * field (its value). The layout is fitted on a catalog, in sorted order, so it is the same every
 * run; a value the catalog does not have is left out. Immutable; thread-safe.
 */
public final class ItemFeatureVectors {
  private final Map<String, Integer> index;
  private final Map<String, Integer> denseIndex;

  private ItemFeatureVectors(Map<String, Integer> index, Map<String, Integer> denseIndex) {
    this.index = index;
    this.denseIndex = denseIndex;
  }

  /**
   * Fits the layout: every categorical value, tag and dense field of the catalog.
   *
   * @param catalog the items
   * @return the layout
   * @throws NullPointerException if catalog is null
   */
  public static ItemFeatureVectors fit(Collection<ItemFeatures> catalog) {
    Objects.requireNonNull(catalog, "catalog");
    TreeSet<String> sparse = new TreeSet<>();
    TreeSet<String> dense = new TreeSet<>();
    for (ItemFeatures i : catalog) {
      i.categorical().forEach((field, value) -> sparse.add(categoricalKey(field, value)));
      i.tags().forEach(t -> sparse.add(tagKey(t)));
      dense.addAll(i.dense().keySet());
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String key : sparse) {
      index.put(key, index.size());
    }
    Map<String, Integer> denseIndex = new LinkedHashMap<>();
    for (String field : dense) {
      denseIndex.put(field, index.size() + denseIndex.size());
    }
    return new ItemFeatureVectors(index, denseIndex);
  }

  private static String categoricalKey(String field, String value) {
    return "c\u0000" + field + "\u0000" + value;
  }

  private static String tagKey(String tag) {
    return "t\u0000" + tag;
  }

  /** @return the vectors' length */
  public int dimension() {
    return index.size() + denseIndex.size();
  }

  /**
   * An item's vector.
   *
   * @param item the item's features
   * @return a new vector of {@link #dimension()} entries
   * @throws NullPointerException if item is null
   */
  public float[] vector(ItemFeatures item) {
    Objects.requireNonNull(item, "item");
    float[] v = new float[dimension()];
    item.categorical().forEach((field, value) -> {
      Integer i = index.get(categoricalKey(field, value));
      if (i != null) {
        v[i] = 1f;
      }
    });
    for (String t : item.tags()) {
      Integer i = index.get(tagKey(t));
      if (i != null) {
        v[i] = 1f;
      }
    }
    item.dense().forEach((field, value) -> {
      Integer i = denseIndex.get(field);
      if (i != null) {
        v[i] = value;
      }
    });
    return v;
  }
}
