package io.github.vectorrecall;

import java.util.Arrays;
import java.util.Objects;

/**
 * Decides which item ids may appear in a result. Indexes apply the filter while they search, so a
 * result still holds K ids whenever K items pass (see {@link AnnIndex#search(float[], int,
 * IdFilter, int)}). Implementations must be cheap and thread-safe: they are called for many
 * candidates per query, possibly from several threads.
 */
@FunctionalInterface
public interface IdFilter {

  /**
   * Whether the id may be returned.
   *
   * @param id an item id
   * @return true to keep it
   */
  boolean accept(long id);

  /**
   * A filter passing every id except those given (for example the items a user has already
   * seen). The ids are copied and sorted once; each test is a binary search, with no allocation.
   *
   * @param ids ids to exclude; duplicates are allowed
   * @return the filter
   */
  static IdFilter excluding(long... ids) {
    Objects.requireNonNull(ids, "ids");
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    return id -> Arrays.binarySearch(sorted, id) < 0;
  }

  /**
   * Both filters must accept; a {@code null} argument means "accept all".
   *
   * @param a a filter or null
   * @param b a filter or null
   * @return the conjunction, or null if both are null
   */
  static IdFilter and(IdFilter a, IdFilter b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return id -> a.accept(id) && b.accept(id);
  }
}
