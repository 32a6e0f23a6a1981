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
   * How many ids this filter accepts, when it knows: a planner ({@link SearchPlan}) weighs a
   * scan of the passing items against a graph walk by it. An allow-list ({@link #allowing})
   * knows; most filters do not.
   *
   * @return the number of ids accepted, or -1 (the default) when unknown
   */
  default long expectedAccepted() {
    return -1;
  }

  /**
   * A filter passing only the ids given (a category, a region's stock). The ids are copied and
   * sorted once; a test is a binary search. It knows its size ({@link #expectedAccepted()}), so a
   * planner can choose a scan when few items pass.
   *
   * @param ids ids to accept; duplicates are allowed
   * @return the filter
   */
  static IdFilter allowing(long... ids) {
    Objects.requireNonNull(ids, "ids");
    long[] sorted = Arrays.stream(ids).sorted().distinct().toArray();
    return new IdFilter() {
      @Override
      public boolean accept(long id) {
        return Arrays.binarySearch(sorted, id) >= 0;
      }

      @Override
      public long expectedAccepted() {
        return sorted.length;
      }
    };
  }

  /**
   * A filter passing every id except those given (for example the items a user has already
   * seen). The ids are copied and sorted once. Up to 4,096 ids, a test is one lookup in a bit
   * mask of hashed ids, and a binary search only when the id's bit is set; above that, a binary
   * search. No allocation.
   *
   * @param ids ids to exclude; duplicates are allowed
   * @return the filter
   */
  static IdFilter excluding(long... ids) {
    Objects.requireNonNull(ids, "ids");
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    if (sorted.length > 4096) {
      return id -> Arrays.binarySearch(sorted, id) < 0;
    }
    // A graph search tests the filter on every node it meets (tens of thousands per query), and
    // almost all of them pass: a 1,024-bit mask of hashed ids answers most with one AND, and
    // only ids whose bit is set (about 5% for 50 excluded ids) pay for the binary search.
    long[] mask = new long[16];
    for (long id : sorted) {
      int h = maskBit(id);
      mask[h >>> 6] |= 1L << h;
    }
    return id -> {
      int h = maskBit(id);
      return (mask[h >>> 6] & (1L << h)) == 0 || Arrays.binarySearch(sorted, id) < 0;
    };
  }

  private static int maskBit(long id) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 54);
  }

  /**
   * Both filters must accept; a {@code null} argument means "accept all". The conjunction
   * expects to accept no more than the smaller known {@link #expectedAccepted()}.
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
    long ea = a.expectedAccepted();
    long eb = b.expectedAccepted();
    long expected = ea < 0 ? eb : eb < 0 ? ea : Math.min(ea, eb);
    return new IdFilter() {
      @Override
      public boolean accept(long id) {
        return a.accept(id) && b.accept(id);
      }

      @Override
      public long expectedAccepted() {
        return expected;
      }
    };
  }
}
