package io.github.vectorrecall.data;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the features a data set carries, sorted, so that a model can lay them out in a
 * fixed order. Derived from the data with {@link #of(Collection, Collection)}.
 *
 * @param userCategorical categorical user feature names
 * @param userDense dense user feature names
 * @param itemCategorical categorical item feature names
 * @param itemDense dense item feature names
 * @param itemTags whether any item has tags
 */
public record Schema(
    List<String> userCategorical,
    List<String> userDense,
    List<String> itemCategorical,
    List<String> itemDense,
    boolean itemTags) {

  /** Copies the lists. */
  public Schema {
    userCategorical = List.copyOf(userCategorical);
    userDense = List.copyOf(userDense);
    itemCategorical = List.copyOf(itemCategorical);
    itemDense = List.copyOf(itemDense);
  }

  /**
   * The union of the feature names used by the given users and items.
   *
   * @param users user features
   * @param items item features
   * @return the schema
   */
  public static Schema of(Collection<UserFeatures> users, Collection<ItemFeatures> items) {
    Set<String> uc = new TreeSet<>();
    Set<String> ud = new TreeSet<>();
    Set<String> ic = new TreeSet<>();
    Set<String> id = new TreeSet<>();
    boolean tags = false;
    for (UserFeatures u : users) {
      uc.addAll(u.categorical().keySet());
      ud.addAll(u.dense().keySet());
    }
    for (ItemFeatures i : items) {
      ic.addAll(i.categorical().keySet());
      id.addAll(i.dense().keySet());
      tags |= !i.tags().isEmpty();
    }
    return new Schema(List.copyOf(uc), List.copyOf(ud), List.copyOf(ic), List.copyOf(id), tags);
  }
}
