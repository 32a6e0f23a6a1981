package io.github.vectorrecall.train.data;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The cold-start protocol's split: a seeded random share of the catalog becomes <em>cold</em>,
 * items the model meets only at serving, as if they had appeared after training.
 *
 * <ul>
 *   <li>Cold items: {@code round(fraction × catalog size)} items (at least 1), drawn uniformly
 *       from the catalog sorted by id with a {@link Random} of the given seed.
 *   <li>Training data: the {@link LeaveLastOutSplit}'s train (or train + validation) part
 *       without any interaction with a cold item, so cold items are also gone from every
 *       user's training sequence, and without the cold items in the catalog, so their ids are
 *       unknown to the trained model (it encodes them from the unknown-id row and their
 *       features).
 *   <li>Evaluated users: the leave-last-out cases whose held-out item (test, or validation for
 *       model selection) is cold. Their known history is the usual one (train + validation, or
 *       train), cold items included: what serving would pass; the encoder skips ids it does not
 *       know.
 * </ul>
 */
public final class ColdStartSplit {
  private final LeaveLastOutSplit split;
  private final double fraction;
  private final long seed;
  private final Set<Long> cold;
  private final long[] coldIds;
  private final List<ItemFeatures> coldItems;

  private ColdStartSplit(LeaveLastOutSplit split, double fraction, long seed, long[] coldIds) {
    this.split = split;
    this.fraction = fraction;
    this.seed = seed;
    this.coldIds = coldIds;
    this.cold = new HashSet<>();
    List<ItemFeatures> items = new ArrayList<>(coldIds.length);
    for (long id : coldIds) {
      cold.add(id);
      items.add(split.data().items().get(id));
    }
    this.coldItems = Collections.unmodifiableList(items);
  }

  /**
   * Chooses the cold items of a split.
   *
   * @param split the leave-last-out split of the whole data set
   * @param fraction the share of the catalog that is cold, in (0, 1)
   * @param seed the seed of the draw
   * @return the cold-start split
   * @throws NullPointerException if split is null
   * @throws IllegalArgumentException if fraction is not in (0, 1), or it leaves no warm item
   */
  public static ColdStartSplit of(LeaveLastOutSplit split, double fraction, long seed) {
    Objects.requireNonNull(split, "split");
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "the cold-start fraction must be in (0, 1); fraction=" + fraction);
    }
    long[] catalog = split.data().items().keySet().stream().mapToLong(Long::longValue)
        .sorted().toArray();
    int count = (int) Math.max(1, Math.round(fraction * catalog.length));
    if (count >= catalog.length) {
      throw new IllegalArgumentException("the cold-start fraction leaves no warm item; fraction="
          + fraction + ", catalog=" + catalog.length);
    }
    Random rnd = new Random(seed);
    for (int i = 0; i < count; i++) { // a partial Fisher-Yates shuffle: the first count drawn
      int j = i + rnd.nextInt(catalog.length - i);
      long t = catalog[i];
      catalog[i] = catalog[j];
      catalog[j] = t;
    }
    long[] coldIds = Arrays.copyOf(catalog, count);
    Arrays.sort(coldIds);
    return new ColdStartSplit(split, fraction, seed, coldIds);
  }

  /** @return the share of the catalog that is cold */
  public double fraction() {
    return fraction;
  }

  /** @return the seed of the draw */
  public long seed() {
    return seed;
  }

  /** @return the leave-last-out split underneath */
  public LeaveLastOutSplit split() {
    return split;
  }

  /**
   * The cold items' ids.
   *
   * @return a new array, ascending
   */
  public long[] coldIds() {
    return coldIds.clone();
  }

  /**
   * The cold items with their features, in {@link #coldIds()} order.
   *
   * @return an unmodifiable list
   */
  public List<ItemFeatures> coldItems() {
    return coldItems;
  }

  /**
   * Whether an item is cold.
   *
   * @param itemId an item id
   * @return true for a cold item
   */
  public boolean isCold(long itemId) {
    return cold.contains(itemId);
  }

  /**
   * Training data for model selection against the validation item: the split's train part
   * without cold items.
   *
   * @return a data set
   */
  public Dataset train() {
    return warm(split.train());
  }

  /**
   * Training data for the model scored on the test item: train + validation without cold items.
   *
   * @return a data set
   */
  public Dataset trainAndValidation() {
    return warm(split.trainAndValidation());
  }

  private Dataset warm(Dataset part) {
    List<Interaction> kept = new ArrayList<>(part.interactions().size());
    for (Interaction x : part.interactions()) {
      if (!cold.contains(x.itemId())) {
        kept.add(x);
      }
    }
    List<ItemFeatures> items = new ArrayList<>(part.items().size());
    for (ItemFeatures i : part.items().values()) {
      if (!cold.contains(i.itemId())) {
        items.add(i);
      }
    }
    return Dataset.of(part.name(), kept, part.users().values(), items);
  }

  /**
   * The evaluated users: the cases whose held-out item is cold.
   *
   * @param validation true for the validation item (history: train), false for the test item
   *     (history: train + validation)
   * @return the cases, in the split's order
   */
  public List<LeaveLastOutSplit.Case> cases(boolean validation) {
    List<LeaveLastOutSplit.Case> out = new ArrayList<>();
    for (LeaveLastOutSplit.Case c : split.cases()) {
      if (cold.contains(validation ? c.validationItem() : c.testItem())) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
