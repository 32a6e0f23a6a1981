package io.github.vectorrecall.micrometer;

import io.github.vectorrecall.IndexStats;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.RecallMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A {@link RecallEngine}'s metrics in a Micrometer {@link MeterRegistry}, the way backends watch
 * their dependencies:
 *
 * <ul>
 *   <li>{@value #LATENCY}: timer of each recall (encode + search + filters), with P50, P99 and
 *       P99.9 published;
 *   <li>{@value #SHORT_RESULTS}: requests answered with fewer than K ids (the filters passed
 *       fewer items);
 *   <li>{@value #SWAPS}: model and index swaps;
 *   <li>{@value #INDEX_SIZE}, {@value #INDEX_TOMBSTONES}: gauges of the serving index;
 *   <li>{@value #COMPACTIONS}, {@value #EXACT_FALLBACKS}: counters the serving index keeps
 *       ({@link io.github.vectorrecall.AnnIndex#stats()}; they restart when a swap brings a new
 *       index).
 * </ul>
 *
 * <pre>{@code
 * RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index)
 *     .metrics(MicrometerRecallMetrics.of(registry, "engine", "home-feed")).build();
 * }</pre>
 *
 * <p>One instance serves one engine. This module declares Micrometer as {@code provided}: the
 * backend brings its own.
 */
public final class MicrometerRecallMetrics implements RecallMetrics {
  /** Timer of recall requests. */
  public static final String LATENCY = "vectorrecall.recall.latency";
  /** Counter of results shorter than K. */
  public static final String SHORT_RESULTS = "vectorrecall.recall.short";
  /** Counter of swaps. */
  public static final String SWAPS = "vectorrecall.swaps";
  /** Gauge of live items in the serving index. */
  public static final String INDEX_SIZE = "vectorrecall.index.size";
  /** Gauge of removed items the serving index still holds. */
  public static final String INDEX_TOMBSTONES = "vectorrecall.index.tombstones";
  /** Counter of the serving index's compactions. */
  public static final String COMPACTIONS = "vectorrecall.index.compactions";
  /** Counter of searches the serving index answered with an exact scan. */
  public static final String EXACT_FALLBACKS = "vectorrecall.search.exact.fallbacks";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Timer latency;
  private final Counter shortResults;
  private final Counter swaps;

  private MicrometerRecallMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.latency = Timer.builder(LATENCY).tags(tags)
        .description("recall requests: encode + search + filters")
        .publishPercentiles(0.5, 0.99, 0.999).register(registry);
    this.shortResults = Counter.builder(SHORT_RESULTS).tags(tags)
        .description("recall requests answered with fewer than K ids").register(registry);
    this.swaps = Counter.builder(SWAPS).tags(tags)
        .description("model and index swaps").register(registry);
  }

  /**
   * Metrics for one engine.
   *
   * @param registry where the meters are registered
   * @param tags key-value pairs added to every meter, for example {@code "engine", "home-feed"}
   * @return the metrics, to give to {@link RecallEngine.Builder#metrics}
   * @throws NullPointerException if the registry is null
   * @throws IllegalArgumentException if the tags are not key-value pairs
   */
  public static MicrometerRecallMetrics of(MeterRegistry registry, String... tags) {
    Objects.requireNonNull(registry, "registry");
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException(
          "tags must be key-value pairs; got " + tags.length + " strings");
    }
    return new MicrometerRecallMetrics(registry, Tags.of(tags));
  }

  @Override
  public void bind(RecallEngine engine) {
    Objects.requireNonNull(engine, "engine");
    gauge(INDEX_SIZE, engine, s -> s.items(), "live items in the serving index");
    gauge(INDEX_TOMBSTONES, engine, s -> s.tombstones(),
        "removed items the serving index still holds");
    FunctionCounter.builder(COMPACTIONS, engine, e -> stat(e, s -> s.compactions()))
        .tags(tags).description("compactions of the serving index").register(registry);
    FunctionCounter.builder(EXACT_FALLBACKS, engine, e -> stat(e, s -> s.exactFallbacks()))
        .tags(tags).description("searches the serving index answered with an exact scan")
        .register(registry);
  }

  private void gauge(String name, RecallEngine engine, ToDoubleFunction<IndexStats> value,
      String description) {
    Gauge.builder(name, engine, e -> stat(e, value)).tags(tags).description(description)
        .register(registry);
  }

  /** A figure of the serving index, or NaN once the engine (or that index) is closed. */
  private static double stat(RecallEngine engine, ToDoubleFunction<IndexStats> value) {
    try {
      return value.applyAsDouble(engine.index().stats());
    } catch (IllegalStateException closed) {
      return Double.NaN;
    }
  }

  @Override
  public void recalled(long nanos, int k, int returned) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    if (returned < k) {
      shortResults.increment();
    }
  }

  @Override
  public void swapped() {
    swaps.increment();
  }
}
