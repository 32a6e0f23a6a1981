package io.github.vectorrecall.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's meters in a Micrometer registry. */
class MicrometerRecallMetricsTest {
  /** Users point along their id's angle; items are fixed unit vectors. */
  private static final class AngleEncoder implements Encoder {
    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public Metric metric() {
      return Metric.INNER_PRODUCT;
    }

    @Override
    public float[] encodeUser(UserQuery user) {
      double a = user.userId() / 10.0;
      return new float[] {(float) Math.cos(a), (float) Math.sin(a)};
    }

    @Override
    public float[][] encodeUsers(List<UserQuery> users) {
      return users.stream().map(this::encodeUser).toArray(float[][]::new);
    }

    @Override
    public float[] encodeItem(ItemFeatures item) {
      return encodeUser(UserQuery.of(item.itemId()));
    }

    @Override
    public float[][] encodeItems(List<ItemFeatures> items) {
      return items.stream().map(this::encodeItem).toArray(float[][]::new);
    }

    @Override
    public void save(Path directory) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static AnnIndex index(int items) {
    AnnIndex index = AnnIndex.create("hnsw",
        IndexConfig.builder(2).metric(Metric.INNER_PRODUCT).build());
    for (int i = 0; i < items; i++) {
      index.add(i, new AngleEncoder().encodeUser(UserQuery.of(i)));
    }
    return index;
  }

  @Test
  void meters_latencyShortResultsSwapsAndIndexFigures() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AnnIndex index = index(30);
    index.remove(29);
    RecallEngine engine = RecallEngine.builder().encoder(new AngleEncoder()).index(index).k(10)
        .metrics(MicrometerRecallMetrics.of(registry, "engine", "test")).build();
    engine.recall(UserQuery.of(3));
    engine.recall(UserQuery.builder(4).k(29).history(1).build());
    assertEquals(2, registry.get(MicrometerRecallMetrics.LATENCY).tag("engine", "test").timer()
        .count());
    assertTrue(registry.get(MicrometerRecallMetrics.LATENCY).timer()
        .totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(1, registry.get(MicrometerRecallMetrics.SHORT_RESULTS).counter().count(),
        "K = 29 of 29 live items with one seen returns 28");
    assertEquals(29, registry.get(MicrometerRecallMetrics.INDEX_SIZE).gauge().value());
    assertEquals(1, registry.get(MicrometerRecallMetrics.INDEX_TOMBSTONES).gauge().value());
    assertEquals(0, registry.get(MicrometerRecallMetrics.COMPACTIONS).functionCounter().count());
    index.compact();
    assertEquals(0, registry.get(MicrometerRecallMetrics.INDEX_TOMBSTONES).gauge().value());
    assertEquals(1, registry.get(MicrometerRecallMetrics.COMPACTIONS).functionCounter().count());

    engine.swap(new AngleEncoder(), index(12));
    assertEquals(1, registry.get(MicrometerRecallMetrics.SWAPS).counter().count());
    assertEquals(12, registry.get(MicrometerRecallMetrics.INDEX_SIZE).gauge().value());
    engine.close();
    assertTrue(Double.isNaN(registry.get(MicrometerRecallMetrics.INDEX_SIZE).gauge().value()));
    index.close();
  }

  @Test
  void exactFallbacks_countedWhenAFilterPassesFewItems() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AnnIndex index = index(3000);
    RecallEngine engine = RecallEngine.builder().encoder(new AngleEncoder()).index(index).k(5)
        .metrics(MicrometerRecallMetrics.of(registry)).build();
    engine.recall(UserQuery.builder(7).filter(id -> id % 500 == 0).build());
    assertTrue(registry.get(MicrometerRecallMetrics.EXACT_FALLBACKS).functionCounter().count()
        >= 1);
    engine.close();
    index.close();
  }

  @Test
  void of_oddTags_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MicrometerRecallMetrics.of(new SimpleMeterRegistry(), "engine"));
    assertEquals("tags must be key-value pairs; got 1 strings", e.getMessage());
  }
}
