package io.github.vectorrecall;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to a top-K query: item ids (the caller's own {@code long} ids) with their scores,
 * best first. Scores follow {@link Metric}: higher is better. Instances are immutable.
 */
public final class TopK {
  private static final TopK EMPTY = new TopK(new long[0], new float[0]);

  private final long[] ids;
  private final float[] scores;

  private TopK(long[] ids, float[] scores) {
    this.ids = ids;
    this.scores = scores;
  }

  /**
   * Wraps arrays that the caller hands over and never changes again (no copy is made).
   *
   * @param ids item ids, best first
   * @param scores their scores, same length, non-increasing
   * @return the result
   * @throws IllegalArgumentException if the lengths differ
   */
  public static TopK wrap(long[] ids, float[] scores) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(scores, "scores");
    if (ids.length != scores.length) {
      throw new IllegalArgumentException(
          "ids and scores must have the same length; ids.length=" + ids.length
              + ", scores.length=" + scores.length);
    }
    return ids.length == 0 ? EMPTY : new TopK(ids, scores);
  }

  /**
   * The empty result.
   *
   * @return a result of size 0
   */
  public static TopK empty() {
    return EMPTY;
  }

  /**
   * Number of results.
   *
   * @return how many ids this result holds
   */
  public int size() {
    return ids.length;
  }

  /**
   * The id at a rank.
   *
   * @param rank 0 for the best
   * @return the item id
   */
  public long id(int rank) {
    return ids[rank];
  }

  /**
   * The score at a rank.
   *
   * @param rank 0 for the best
   * @return its score, higher is better
   */
  public float score(int rank) {
    return scores[rank];
  }

  /**
   * A copy of the ids, best first.
   *
   * @return a new array
   */
  public long[] ids() {
    return ids.clone();
  }

  /**
   * A copy of the scores, best first.
   *
   * @return a new array
   */
  public float[] scores() {
    return scores.clone();
  }

  /**
   * Whether an id is among the results (linear scan).
   *
   * @param id an item id
   * @return true if present
   */
  public boolean contains(long id) {
    for (long x : ids) {
      if (x == id) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    int shown = Math.min(ids.length, 5);
    StringBuilder sb = new StringBuilder("TopK{size=").append(ids.length).append(", ");
    for (int i = 0; i < shown; i++) {
      sb.append(ids[i]).append(':').append(scores[i]).append(i + 1 < shown ? ", " : "");
    }
    return sb.append(ids.length > shown ? ", ...}" : "}").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopK
        && Arrays.equals(ids, ((TopK) o).ids)
        && Arrays.equals(scores, ((TopK) o).scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
  }
}
