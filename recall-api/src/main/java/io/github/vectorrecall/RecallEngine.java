package io.github.vectorrecall;

import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * path.
 *
 * <p><b>Choosing the search.</b> By default the index chooses how to search ({@link
 * SearchMode#AUTO}). Give the engine a {@link SearchPlan} (measured by {@link IndexTuner#plan},
 * or by {@link Builder#tuneOn} on sample users when the engine is built) and a {@link
 * Builder#recallTarget}, and it chooses per request the cheapest search measured to reach the
 * target, from K, the catalog size and the filter's share; or force one mode with {@link
 * Builder#searchMode}. {@link #explain(UserQuery)} says what a request would run, and the choice
 * of every request is logged at debug level.
 *
 * <p><b>Swapping the model.</b> {@link #swap(Encoder, AnnIndex)} replaces the (encoder, index)
 * pair atomically while requests run: every request finishes on the pair it started with, every
 * later one uses the new pair, and the old pair is closed when its last request ends (requests
 * are counted per pair), so no request ever meets a closed index. A training job publishes a
 * {@link RecallBundle} directory ({@link #save(Path)}); a server opens it and swaps to it.
 *
 * <p><b>Ownership.</b> The engine does not own the encoder and index given to its builder: whoever
 * created those closes them, after the engine (or once the future that {@link #swap} returns has
 * completed). It owns every pair given to {@link #swap} and the pair of {@link #load(Path,
 * String)}, and closes them when they are swapped out or the engine closes, each after its last
 * request.
 */
public final class RecallEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecallEngine.class);
  private final AtomicReference<ServingPair> current;
  private final RecallMetrics metrics;
  private final boolean timed;
  private final int k;
  private final boolean excludeSeen;
  private final IdFilter filter;
  private final SearchPlanner planner;

  private RecallEngine(Builder b, boolean owned, SearchPlan plan) {
    this.current = new AtomicReference<>(new ServingPair(b.encoder, b.index, owned));
    this.metrics = b.metrics;
    this.timed = b.metrics != RecallMetrics.NONE;
    this.k = b.k;
    this.excludeSeen = b.excludeSeen;
    this.filter = b.filter;
    this.planner = new SearchPlanner(b.searchMode, plan, b.recallTarget, b.ef);
  }

  private static RecallEngine create(Builder b, boolean owned) {
    SearchPlan plan = b.plan;
    if (b.tuneOn != null) {
      float[][] users = b.encoder.encodeUsers(b.tuneOn);
      plan = IndexTuner.builder().k(Math.min(b.k, b.index.size())).build().plan(b.index, users);
    }
    RecallEngine engine = new RecallEngine(b, owned, plan);
    b.metrics.bind(engine);
    return engine;
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
    long start = timed ? System.nanoTime() : 0;
    ServingPair pair = acquire();
    try {
      TopK top = search(pair.index, query, pair.encoder.encodeUser(query));
      if (timed) {
        metrics.recalled(System.nanoTime() - start, effectiveK(query), top.size());
      }
      return top;
    } finally {
      pair.release();
    }
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
    long start = timed ? System.nanoTime() : 0;
    ServingPair pair = acquire();
    try {
      if (queries.isEmpty()) {
        return List.of();
      }
      float[][] vectors = pair.encoder.encodeUsers(queries);
      List<TopK> out = new ArrayList<>(queries.size());
      for (int i = 0; i < vectors.length; i++) {
        out.add(search(pair.index, queries.get(i), vectors[i]));
      }
      if (timed) {
        long each = (System.nanoTime() - start) / queries.size();
        for (int i = 0; i < out.size(); i++) {
          metrics.recalled(each, effectiveK(queries.get(i)), out.get(i).size());
        }
      }
      return out;
    } finally {
      pair.release();
    }
  }

  /** The current pair with a reference taken for one request; the caller releases it. */
  private ServingPair acquire() {
    while (true) {
      ServingPair pair = current.get();
      if (pair == null) {
        throw new IllegalStateException("RecallEngine is closed");
      }
      if (pair.acquire()) {
        return pair;
      }
      // It retired between the read and the acquire: a swap or close happened; read again.
    }
  }

  private int effectiveK(UserQuery query) {
    return query.k() > 0 ? query.k() : k;
  }

  private TopK search(AnnIndex index, UserQuery query, float[] vector) {
    int effectiveK = effectiveK(query);
    IdFilter f = requestFilter(query);
    SearchChoice choice = planner.choose(index, effectiveK, query.ef(), f);
    if (LOG.isDebugEnabled()) {
      LOG.debug("user {}, K {}: {}", query.userId(), effectiveK, choice);
    }
    return index.search(vector, effectiveK, f, choice.ef(), choice.mode());
  }

  /** The engine's filter, the request's, and the seen or excluded items. */
  private IdFilter requestFilter(UserQuery query) {
    IdFilter f = IdFilter.and(filter, query.filter());
    if (excludeSeen) {
      f = IdFilter.and(seenFilter(query), f);
    } else if (query.exclude().length > 0) {
      f = IdFilter.and(IdFilter.excluding(query.exclude()), f);
    }
    return f;
  }

  /**
   * Which search {@link #recall(UserQuery)} would run for this request now, without running it:
   * the mode, the ef, and, with a plan, the recall and latency it expects and why.
   *
   * @param query the request
   * @return the choice
   * @throws IllegalStateException if the engine is closed
   */
  public SearchChoice explain(UserQuery query) {
    Objects.requireNonNull(query, "query");
    ServingPair pair = acquire();
    try {
      return planner.choose(pair.index, effectiveK(query), query.ef(), requestFilter(query));
    } finally {
      pair.release();
    }
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
   * The encoder now serving. After a {@link #swap} it may be retired and closed at any time, so
   * hold on to it only for inspection.
   *
   * @return the current encoder
   * @throws IllegalStateException if the engine is closed
   */
  public Encoder encoder() {
    return currentPair().encoder;
  }

  /**
   * The index now serving. After a {@link #swap} it may be retired and closed at any time, so
   * hold on to it only for inspection (metrics read its size this way).
   *
   * @return the current index
   * @throws IllegalStateException if the engine is closed
   */
  public AnnIndex index() {
    return currentPair().index;
  }

  private ServingPair currentPair() {
    ServingPair pair = current.get();
    if (pair == null) {
      throw new IllegalStateException("RecallEngine is closed");
    }
    return pair;
  }

  /**
   * Replaces the (encoder, index) pair atomically while requests run. Requests already running
   * finish on the old pair; every request that starts after this call returns uses the new one.
   * The engine takes ownership of the new pair. The old pair retires when its last request ends:
   * then the engine closes it if it owns it (a pair from an earlier swap or from {@link #load}),
   * and the returned future completes.
   *
   * @param encoder the new model
   * @param index the new item index, built from that model's item vectors
   * @return completes once the old pair has retired (and, when the engine owned it, is closed)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the encoder and index disagree on dimension or metric;
   *     the engine keeps serving the old pair and does not take the new one
   * @throws IllegalStateException if the engine is closed
   */
  public CompletableFuture<Void> swap(Encoder encoder, AnnIndex index) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(index, "index");
    ServingPair.checkCompatible(encoder, index);
    ServingPair next = new ServingPair(encoder, index, true);
    while (true) {
      ServingPair previous = current.get();
      if (previous == null) {
        throw new IllegalStateException("RecallEngine is closed");
      }
      if (current.compareAndSet(previous, next)) {
        metrics.swapped();
        previous.release();
        return previous.retired();
      }
    }
  }

  /**
   * Saves the serving pair as a {@link RecallBundle}: the model, the index and a manifest, in a
   * new directory that appears complete or not at all.
   *
   * @param directory the bundle directory, which must not exist yet
   * @throws IllegalArgumentException if the directory exists
   * @throws RecallIOException if writing fails (nothing is left at {@code directory})
   * @throws IllegalStateException if the engine is closed
   */
  public void save(Path directory) {
    Objects.requireNonNull(directory, "directory");
    ServingPair pair = acquire();
    try {
      RecallBundle.write(directory, pair.encoder, pair.index);
    } finally {
      pair.release();
    }
  }

  /**
   * Opens a {@link RecallBundle} and serves it; the engine owns the loaded encoder and index and
   * closes them when it closes (or when they are swapped out).
   *
   * @param directory a bundle directory
   * @param encoderProvider the encoder provider, for example {@code "java"} to serve without
   *     PyTorch, or null for the provider that wrote the model
   * @return an engine with the builder's defaults (K {@value Builder#DEFAULT_K}, seen items
   *     excluded); the caller closes it
   * @throws CorruptFileException if the bundle is incomplete or damaged
   */
  public static RecallEngine load(Path directory, String encoderProvider) {
    RecallBundle bundle = RecallBundle.open(directory, encoderProvider);
    return builder().encoder(bundle.encoder()).index(bundle.index()).build(true);
  }

  /**
   * Marks the engine closed. Requests running finish; later ones throw {@link
   * IllegalStateException}. Pairs the engine owns are closed after their last request; the pair
   * given to the builder stays open. Idempotent.
   */
  @Override
  public void close() {
    ServingPair pair = current.getAndSet(null);
    if (pair != null) {
      pair.release();
    }
  }

  /** Builds a {@link RecallEngine}. */
  public static final class Builder {
    /** Default number of ids returned. */
    public static final int DEFAULT_K = 100;
    /** Default recall@K a plan must reach. */
    public static final double DEFAULT_RECALL_TARGET = 0.95;

    private Encoder encoder;
    private AnnIndex index;
    private int k = DEFAULT_K;
    private int ef;
    private boolean excludeSeen = true;
    private IdFilter filter;
    private RecallMetrics metrics = RecallMetrics.NONE;
    private SearchMode searchMode = SearchMode.AUTO;
    private SearchPlan plan;
    private List<UserQuery> tuneOn;
    private double recallTarget = DEFAULT_RECALL_TARGET;

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
      VectorChecks.checkPositiveK(k);
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
     * @param metrics where the engine reports latency, short results and swaps, for example
     *     {@code MicrometerRecallMetrics} from {@code recall-micrometer}; {@link
     *     RecallMetrics#NONE} (the default) records nothing and reads no clock
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder metrics(RecallMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * @param searchMode a mode every search runs in, one the index offers ({@link
     *     AnnIndex#searchModes()}); {@link SearchMode#AUTO} (the default) lets the plan or the
     *     index choose
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder searchMode(SearchMode searchMode) {
      this.searchMode = Objects.requireNonNull(searchMode, "searchMode");
      return this;
    }

    /**
     * @param plan measured costs and recalls of the index's search modes ({@link
     *     IndexTuner#plan}), from which the engine chooses per request; kept across {@link
     *     #swap}s (measure a new one when the new index differs much)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder plan(SearchPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * Measures a plan when the engine is built: encodes these users and runs {@link
     * IndexTuner#plan} on the index at the engine's K (a few seconds for a few hundred users).
     *
     * @param sampleUsers users whose vectors the plan is measured with, at least one (copied)
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder tuneOn(List<UserQuery> sampleUsers) {
      Objects.requireNonNull(sampleUsers, "sampleUsers");
      if (sampleUsers.isEmpty()) {
        throw new IllegalArgumentException("tuneOn needs at least one sample user");
      }
      this.tuneOn = List.copyOf(sampleUsers);
      return this;
    }

    /**
     * @param recallTarget recall@K the plan's choice must have reached on its sample queries, in
     *     (0, 1]; default {@value #DEFAULT_RECALL_TARGET}
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder recallTarget(double recallTarget) {
      if (!(recallTarget > 0 && recallTarget <= 1)) {
        throw new IllegalArgumentException(
            "recallTarget must be in (0, 1]; recallTarget=" + recallTarget);
      }
      this.recallTarget = recallTarget;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws IllegalStateException if the encoder or index is missing, they disagree on
     *     dimension or metric, the index does not offer the forced search mode, or a plan is
     *     combined with a forced mode or a fixed ef
     */
    public RecallEngine build() {
      if (encoder == null) {
        throw new IllegalStateException("encoder is not set");
      }
      if (index == null) {
        throw new IllegalStateException("index is not set");
      }
      try {
        ServingPair.checkCompatible(encoder, index);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      checkSearch();
      return create(this, false);
    }

    private void checkSearch() {
      if (!index.searchModes().contains(searchMode)) {
        throw new IllegalStateException("searchMode " + searchMode + " is not offered by the "
            + index.provider() + " index; it offers " + index.searchModes());
      }
      boolean planned = plan != null || tuneOn != null;
      if (planned && searchMode != SearchMode.AUTO) {
        throw new IllegalStateException("searchMode " + searchMode + " forces every search, so "
            + "the plan would never be used; set one or the other");
      }
      if (planned && ef > 0) {
        throw new IllegalStateException("ef " + ef + " fixes the effort of every search, while "
            + "a plan chooses it per request; set one or the other");
      }
    }

    private RecallEngine build(boolean owned) {
      if (!owned) {
        return build();
      }
      try {
        ServingPair.checkCompatible(encoder, index);
      } catch (IllegalArgumentException e) {
        encoder.close();
        index.close();
        throw e;
      }
      return create(this, true);
    }
  }
}
