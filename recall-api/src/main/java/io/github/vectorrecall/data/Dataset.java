package io.github.vectorrecall.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Interactions plus the features of the users and items they involve: what a {@code Trainer}
 * learns from. Immutable.
 *
 * <p>The catalog is every item with features plus every item that occurs in an interaction (an
 * item with no features gets {@link ItemFeatures#of(long)}); the same holds for users.
 */
public final class Dataset {
  private final String name;
  private final List<Interaction> interactions;
  private final Map<Long, UserFeatures> users;
  private final Map<Long, ItemFeatures> items;
  private final Schema schema;

  private Dataset(
      String name,
      List<Interaction> interactions,
      Map<Long, UserFeatures> users,
      Map<Long, ItemFeatures> items) {
    this.name = name;
    this.interactions = interactions;
    this.users = users;
    this.items = items;
    this.schema = Schema.of(users.values(), items.values());
  }

  /**
   * Creates a data set, copying its inputs.
   *
   * @param name a short name used in reports, such as "ml-100k"
   * @param interactions the events
   * @param users known user features (may be empty)
   * @param items known item features (may be empty)
   * @return the data set
   */
  public static Dataset of(
      String name,
      List<Interaction> interactions,
      Collection<UserFeatures> users,
      Collection<ItemFeatures> items) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interactions, "interactions");
    Map<Long, UserFeatures> u = new LinkedHashMap<>();
    for (UserFeatures f : users) {
      u.put(f.userId(), f);
    }
    Map<Long, ItemFeatures> it = new LinkedHashMap<>();
    for (ItemFeatures f : items) {
      it.put(f.itemId(), f);
    }
    List<Interaction> list = new ArrayList<>(interactions.size());
    for (Interaction x : interactions) {
      list.add(Objects.requireNonNull(x, "interaction"));
      u.computeIfAbsent(x.userId(), UserFeatures::of);
      it.computeIfAbsent(x.itemId(), ItemFeatures::of);
    }
    return new Dataset(
        name,
        Collections.unmodifiableList(list),
        Collections.unmodifiableMap(u),
        Collections.unmodifiableMap(it));
  }

  /**
   * The same users and items with other interactions, such as the training part of a split.
   *
   * @param newInteractions the interactions to keep
   * @return a new data set with this one's features
   */
  public Dataset withInteractions(List<Interaction> newInteractions) {
    return of(name, newInteractions, users.values(), items.values());
  }

  /**
   * Name used in reports.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * All interactions, in the order given.
   *
   * @return an unmodifiable list
   */
  public List<Interaction> interactions() {
    return interactions;
  }

  /**
   * Every user, keyed by id.
   *
   * @return an unmodifiable map in insertion order
   */
  public Map<Long, UserFeatures> users() {
    return users;
  }

  /**
   * Every catalog item, keyed by id.
   *
   * @return an unmodifiable map in insertion order
   */
  public Map<Long, ItemFeatures> items() {
    return items;
  }

  /**
   * The feature names present in this data set.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  @Override
  public String toString() {
    return "Dataset{" + name + ": " + users.size() + " users, " + items.size() + " items, "
        + interactions.size() + " interactions}";
  }
}
