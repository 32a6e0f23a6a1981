package io.github.vectorrecall;

import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.spi.VectorChecks;
import java.util.Objects;

/**
 * One recall request: who the user is (id and features), what they did recently (the behaviour
 * sequence, oldest first), and optionally per-request overrides of K, search effort and filter.
 *
 * <p>An id the model has never seen is a new user: the encoder falls back to its features and
 * behaviour sequence. Items in the history that the model does not know are skipped by the
 * encoder but are still excluded from results.
 *
 * <pre>{@code
 * UserQuery q = UserQuery.builder(42).history(17, 3, 99).k(200).build();
 * }</pre>
 */
public final class UserQuery {
  private static final long[] NONE = new long[0];

  private final UserFeatures features;
  private final long[] history;
  private final long[] exclude;
  private final int k;
  private final int ef;
  private final IdFilter filter;

  private UserQuery(Builder b) {
    this.features = b.features;
    this.history = b.history;
    this.exclude = b.exclude;
    this.k = b.k;
    this.ef = b.ef;
    this.filter = b.filter;
  }

  /**
   * A query with only a user id.
   *
   * @param userId the user id
   * @return the query
   */
  public static UserQuery of(long userId) {
    return builder(userId).build();
  }

  /**
   * Starts a builder for a user known only by id.
   *
   * @param userId the user id
   * @return a new builder
   */
  public static Builder builder(long userId) {
    return new Builder(UserFeatures.of(userId));
  }

  /**
   * Starts a builder for a user with features.
   *
   * @param features the user's id and features
   * @return a new builder
   */
  public static Builder builder(UserFeatures features) {
    return new Builder(Objects.requireNonNull(features, "features"));
  }

  /**
   * The user id.
   *
   * @return the id
   */
  public long userId() {
    return features.userId();
  }

  /**
   * The user's id and features.
   *
   * @return the features
   */
  public UserFeatures features() {
    return features;
  }

  /**
   * The behaviour sequence, oldest first. The returned array is shared: do not modify it.
   *
   * @return item ids
   */
  public long[] history() {
    return history;
  }

  /**
   * More ids to exclude from the result besides the history. Shared: do not modify it.
   *
   * @return item ids
   */
  public long[] exclude() {
    return exclude;
  }

  /**
   * Requested result size, or 0 for the engine's default.
   *
   * @return k or 0
   */
  public int k() {
    return k;
  }

  /**
   * Requested search effort, or 0 for the engine's default.
   *
   * @return ef or 0
   */
  public int ef() {
    return ef;
  }

  /**
   * A per-request filter applied on top of the engine's, or null.
   *
   * @return the filter or null
   */
  public IdFilter filter() {
    return filter;
  }

  /** Builds a {@link UserQuery}. */
  public static final class Builder {
    private final UserFeatures features;
    private long[] history = NONE;
    private long[] exclude = NONE;
    private int k;
    private int ef;
    private IdFilter filter;

    private Builder(UserFeatures features) {
      this.features = features;
    }

    /**
     * Sets the behaviour sequence, oldest first (the array is copied).
     *
     * @param itemIds item ids
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder history(long... itemIds) {
      this.history = Objects.requireNonNull(itemIds, "itemIds").clone();
      return this;
    }

    /**
     * Sets ids to exclude from the result in addition to the history (the array is copied).
     *
     * @param itemIds item ids
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder exclude(long... itemIds) {
      this.exclude = Objects.requireNonNull(itemIds, "itemIds").clone();
      return this;
    }

    /**
     * Overrides the engine's K for this request.
     *
     * @param k result size
     * @return this builder
     * @throws IllegalArgumentException if k is not positive
     */
    public Builder k(int k) {
      VectorChecks.checkPositiveK(k);
      this.k = k;
      return this;
    }

    /**
     * Overrides the engine's search effort for this request.
     *
     * @param ef size of the dynamic candidate list of a graph search; 0 (the default) keeps the
     *     engine's, as {@link RecallEngine.Builder#ef(int)} does with the index's
     * @return this builder
     * @throws IllegalArgumentException if ef is negative
     */
    public Builder ef(int ef) {
      VectorChecks.checkEf(ef);
      this.ef = ef;
      return this;
    }

    /**
     * Adds a per-request filter, applied together with the engine's.
     *
     * @param filter ids to keep
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder filter(IdFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public UserQuery build() {
      return new UserQuery(this);
    }
  }
}
