package io.github.vectorrecall;

import io.github.vectorrecall.spi.VectorChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The recall stage: encodes a user, searches the item index, drops the user's seen items and
 * filtered items, and returns K item ids with scores, best first.
 *
 * <pre>{@code
 * try (RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(500).build()) {
 *   TopK top = engine.recall(UserQuery.builder(userId).history(recentItems).build());
 * }
 * }</pre>
 *
 * <p>Exclusion and filters are applied inside the index search, so the result holds K ids
 * whenever K catalog items pass them. The engine is thread-safe and holds no lock on the request
 * path. It does not own the encoder and index: whoever created those closes them, after the
 * engine.
 */
public final class RecallEngine implements AutoCloseable {
  private final Encoder encoder;
  private final AnnIndex index;
  private final int k;
  private final int ef;
  private final boolean excludeSeen;
  private final IdFilter filter;
  private volatile boolean closed;

  private RecallEngine(Builder b) {
    this.encoder = b.encoder;
    this.index = b.index;
    this.k = b.k;
    this.ef = b.ef;
    this.excludeSeen = b.excludeSeen;
    this.filter = b.filter;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Recalls the top items for one user.
   *
   * @param query the user and optional per-request K, ef and filter
   * @return up to K ids with scores, best first; exactly K when K items pass the filters
   * @throws IllegalArgumentException if K exceeds the index size
   * @throws IllegalStateException if the engine is closed
   */
  public TopK recall(UserQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    float[] vector = encoder.encodeUser(query);
    return search(query, vector);
  }

  /**
   * Recalls for many users, encoding them in one batch.
   *
   * @param queries the users
   * @return one result per user, in order
   * @throws IllegalStateException if the engine is closed
   */
  public List<TopK> recall(List<UserQuery> queries) {
    Objects.requireNonNull(queries, "queries");
    checkOpen();
    if (queries.isEmpty()) {
      return List.of();
    }
    float[][] vectors = encoder.encodeUsers(queries);
    List<TopK> out = new ArrayList<>(queries.size());
    for (int i = 0; i < vectors.length; i++) {
      out.add(search(queries.get(i), vectors[i]));
    }
    return out;
  }

  private TopK search(UserQuery query, float[] vector) {
    int effectiveK = query.k() > 0 ? query.k() : k;
    int effectiveEf = query.ef() > 0 ? query.ef() : ef;
    IdFilter f = IdFilter.and(filter, query.filter());
    if (excludeSeen) {
      f = IdFilter.and(seenFilter(query), f);
    } else if (query.exclude().length > 0) {
      f = IdFilter.and(IdFilter.excluding(query.exclude()), f);
    }
    return index.search(vector, effectiveK, f, effectiveEf);
  }

  private static IdFilter seenFilter(UserQuery query) {
    long[] history = query.history();
    long[] exclude = query.exclude();
    if (history.length == 0 && exclude.length == 0) {
      return null;
    }
    if (exclude.length == 0) {
      return IdFilter.excluding(history);
    }
    long[] all = new long[history.length + exclude.length];
    System.arraycopy(history, 0, all, 0, history.length);
    System.arraycopy(exclude, 0, all, history.length, exclude.length);
    return IdFilter.excluding(all);
  }

  /**
   * The default result size.
   *
   * @return K
   */
  public int k() {
    return k;
  }

  /**
   * The encoder.
   *
   * @return the encoder given to the builder
   */
  public Encoder encoder() {
    return encoder;
  }

  /**
   * The index.
   *
   * @return the index given to the builder
   */
  public AnnIndex index() {
    return index;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("RecallEngine is closed");
    }
  }

  /** Marks the engine closed; the encoder and index stay open. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  /** Builds a {@link RecallEngine}. */
  public static final class Builder {
    /** Default number of ids returned. */
    public static final int DEFAULT_K = 100;

    private Encoder encoder;
    private AnnIndex index;
    private int k = DEFAULT_K;
    private int ef;
    private boolean excludeSeen = true;
    private IdFilter filter;

    private Builder() {}

    /**
     * @param encoder the trained model
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder encoder(Encoder encoder) {
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    /**
     * @param index the item index, built from vectors of the same encoder
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder index(AnnIndex index) {
      this.index = Objects.requireNonNull(index, "index");
      return this;
    }

    /**
     * @param k default number of ids returned
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder k(int k) {
      if (k <= 0) {
        throw new IllegalArgumentException("k must be positive; k=" + k);
      }
      this.k = k;
      return this;
    }

    /**
     * @param ef default search effort; 0 (the default) uses the index's own default. A
     *     {@link UserQuery#ef()} above 0 overrides it for one request
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder ef(int ef) {
      VectorChecks.checkEf(ef);
      this.ef = ef;
      return this;
    }

    /**
     * @param excludeSeen whether items in the user's history (and {@link UserQuery#exclude()})
     *     are left out of results; true by default
     * @return this builder
     */
    public Builder excludeSeen(boolean excludeSeen) {
      this.excludeSeen = excludeSeen;
      return this;
    }

    /**
     * @param filter items every result must pass (availability, region...)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder filter(IdFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws IllegalStateException if the encoder or index is missing, or they disagree on
     *     dimension or metric
     */
    public RecallEngine build() {
      if (encoder == null) {
        throw new IllegalStateException("encoder is not set");
      }
      if (index == null) {
        throw new IllegalStateException("index is not set");
      }
      if (encoder.dimension() != index.dimension()) {
        throw new IllegalStateException(
            "encoder dimension " + encoder.dimension() + " does not match index dimension "
                + index.dimension());
      }
      if (encoder.metric() != index.metric()) {
        throw new IllegalStateException(
            "encoder metric " + encoder.metric() + " does not match index metric "
                + index.metric());
      }
      return new RecallEngine(this);
    }
  }
}
