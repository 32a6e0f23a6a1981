package io.github.vectorrecall;

/**
 * Where a {@link RecallEngine} reports what a backend watches: recall latency, results shorter
 * than K and model swaps; an implementation may also read the index's figures ({@link
 * AnnIndex#stats()}) through the engine it is bound to. {@code recall-micrometer} binds this to a
 * Micrometer {@code MeterRegistry}; this API depends on no metrics library.
 *
 * <p>Calls come from request threads, concurrently: implementations are thread-safe and cheap.
 */
public interface RecallMetrics {
  /** Records nothing; the engine then reads no clock. */
  RecallMetrics NONE = new RecallMetrics() {};

  /**
   * Called once, when the engine is built, so that gauges can read it (for example {@link
   * RecallEngine#index()}'s {@link AnnIndex#stats()}).
   *
   * @param engine the engine that reports here
   */
  default void bind(RecallEngine engine) {}

  /**
   * One answered recall request.
   *
   * @param nanos time from the call to its answer (encode + search + filters)
   * @param k the K asked for
   * @param returned ids returned; fewer than {@code k} when fewer items passed the filters
   */
  default void recalled(long nanos, int k, int returned) {}

  /** The engine swapped to a new (encoder, index) pair. */
  default void swapped() {}
}
