package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RecallEngine} without PyTorch: a {@link FixedEncoder} and a {@link BruteForceIndex}
 * over items 10..19, where user 1 ranks higher ids first and user 2 lower ids first.
 */
class RecallEngineTest {
  private static final long[] CATALOG = LongStream.rangeClosed(10, 19).toArray();

  private FixedEncoder encoder;
  private BruteForceIndex index;

  @BeforeEach
  void buildIndex() {
    encoder = new FixedEncoder();
    index = new BruteForceIndex(encoder.dimension(), encoder.metric());
    List<ItemFeatures> items = LongStream.of(CATALOG).mapToObj(ItemFeatures::of).toList();
    index.addAll(CATALOG, encoder.encodeItems(items));
  }

  @AfterEach
  void close() {
    index.close();
    encoder.close();
  }

  private RecallEngine.Builder engine() {
    return RecallEngine.builder().encoder(encoder).index(index);
  }

  @Test
  void recall_returnsKIdsBestFirst() {
    try (RecallEngine engine = engine().k(3).build()) {
      TopK up = engine.recall(UserQuery.of(1));
      assertArrayEquals(new long[] {19, 18, 17}, up.ids());
      assertTrue(up.score(0) > up.score(1) && up.score(1) > up.score(2), up.toString());
      assertArrayEquals(new long[] {10, 11, 12}, engine.recall(UserQuery.of(2)).ids());
      assertEquals(3, engine.k());
    }
  }

  @Test
  void recall_defaultK_isDefaultOfTheBuilder() {
    try (RecallEngine engine = engine().build()) {
      assertEquals(RecallEngine.Builder.DEFAULT_K, engine.k());
    }
  }

  @Test
  void recall_excludeSeen_dropsHistoryAndExcluded() {
    try (RecallEngine engine = engine().k(3).build()) {
      UserQuery q = UserQuery.builder(1).history(19, 17, 42).exclude(16).build();
      assertArrayEquals(new long[] {18, 15, 14}, engine.recall(q).ids());
    }
  }

  @Test
  void recall_excludeSeenOff_keepsHistoryButDropsExcluded() {
    try (RecallEngine engine = engine().k(3).excludeSeen(false).build()) {
      UserQuery q = UserQuery.builder(1).history(19, 17).exclude(18).build();
      assertArrayEquals(new long[] {19, 17, 16}, engine.recall(q).ids());
    }
  }

  @Test
  void recall_filters_engineAndQueryBothApply() {
    try (RecallEngine engine = engine().k(3).filter(id -> id % 2 == 0).build()) {
      assertArrayEquals(new long[] {18, 16, 14}, engine.recall(UserQuery.of(1)).ids());
      UserQuery q = UserQuery.builder(1).filter(id -> id != 16).history(18).build();
      assertArrayEquals(new long[] {14, 12, 10}, engine.recall(q).ids());
    }
  }

  @Test
  void recall_fewerPassThanK_returnsThoseThatPass() {
    try (RecallEngine engine = engine().k(CATALOG.length).build()) {
      UserQuery q = UserQuery.builder(2).history(10, 11).build();
      TopK top = engine.recall(q);
      assertEquals(CATALOG.length - 2, top.size());
      assertFalse(top.contains(10) || top.contains(11), top.toString());
      assertEquals(12, top.id(0));
    }
  }

  @Test
  void recall_kLargerThanCatalog_throws() {
    try (RecallEngine engine = engine().k(11).build()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> engine.recall(UserQuery.of(1)));
      assertEquals("k=11 is larger than the index, which holds 10 items", e.getMessage());
    }
    try (RecallEngine engine = engine().k(5).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> engine.recall(UserQuery.builder(1).k(500).build()));
      assertEquals("k=500 is larger than the index, which holds 10 items", e.getMessage());
    }
  }

  @Test
  void recall_perRequestKAndEf_overrideTheEngine() {
    try (RecallEngine engine = engine().k(3).ef(50).build()) {
      engine.recall(UserQuery.of(1));
      assertEquals(3, index.lastK);
      assertEquals(50, index.lastEf);
      TopK top = engine.recall(UserQuery.builder(1).k(2).ef(7).build());
      assertEquals(2, top.size());
      assertEquals(2, index.lastK);
      assertEquals(7, index.lastEf);
      engine.recall(UserQuery.builder(1).ef(0).build());
      assertEquals(50, index.lastEf, "ef 0 in the query keeps the engine's");
    }
  }

  @Test
  void recall_efZeroEverywhere_leavesTheIndexDefault() {
    try (RecallEngine engine = engine().k(3).ef(0).build()) {
      engine.recall(UserQuery.of(1));
      assertEquals(0, index.lastEf);
    }
  }

  @Test
  void recall_batch_sameAsOneByOne() {
    try (RecallEngine engine = engine().k(4).build()) {
      List<UserQuery> queries = List.of(UserQuery.of(1), UserQuery.builder(2).history(10).build(),
          UserQuery.builder(1).k(2).build());
      List<TopK> batch = engine.recall(queries);
      assertEquals(3, batch.size());
      for (int i = 0; i < queries.size(); i++) {
        assertEquals(engine.recall(queries.get(i)), batch.get(i), "query " + i);
      }
      assertEquals(List.of(), engine.recall(List.of()));
    }
  }

  @Test
  void recall_nanUserVector_rejectedWithTheComponent() {
    try (RecallEngine engine = engine().k(3).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> engine.recall(UserQuery.of(FixedEncoder.NAN_USER)));
      assertEquals("query has a non-finite component: query[1]=NaN", e.getMessage());
    }
  }

  @Test
  void userFeatures_nanDenseFeature_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserFeatures.builder(1).dense("age", Float.NaN));
    assertEquals("dense feature 'age' must be finite; age=NaN", e.getMessage());
  }

  @Test
  void build_dimensionMismatch_throws() {
    try (BruteForceIndex wide = new BruteForceIndex(3, Metric.INNER_PRODUCT)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> RecallEngine.builder().encoder(encoder).index(wide).build());
      assertEquals("encoder dimension 2 does not match index dimension 3", e.getMessage());
    }
  }

  @Test
  void build_metricMismatch_throws() {
    try (BruteForceIndex cosine = new BruteForceIndex(2, Metric.COSINE)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> RecallEngine.builder().encoder(encoder).index(cosine).build());
      assertEquals("encoder metric INNER_PRODUCT does not match index metric COSINE",
          e.getMessage());
    }
  }

  @Test
  void build_missingParts_throw() {
    assertEquals("encoder is not set", assertThrows(IllegalStateException.class,
        () -> RecallEngine.builder().index(index).build()).getMessage());
    assertEquals("index is not set", assertThrows(IllegalStateException.class,
        () -> RecallEngine.builder().encoder(encoder).build()).getMessage());
    assertEquals("encoder", assertThrows(NullPointerException.class,
        () -> RecallEngine.builder().encoder(null)).getMessage());
    assertEquals("filter", assertThrows(NullPointerException.class,
        () -> RecallEngine.builder().filter(null)).getMessage());
  }

  @Test
  void builder_badKAndEf_namedInTheMessage() {
    assertEquals("k must be positive; k=0", assertThrows(IllegalArgumentException.class,
        () -> RecallEngine.builder().k(0)).getMessage());
    assertEquals("ef must be >= 0 (0 for the default); ef=-1",
        assertThrows(IllegalArgumentException.class, () -> RecallEngine.builder().ef(-1))
            .getMessage());
  }

  @Test
  void ef_oneRuleForEngineAndQuery() {
    RecallEngine.builder().ef(0);
    assertEquals(0, UserQuery.builder(1).ef(0).build().ef());
    String engine = assertThrows(IllegalArgumentException.class,
        () -> RecallEngine.builder().ef(-5)).getMessage();
    String query = assertThrows(IllegalArgumentException.class,
        () -> UserQuery.builder(1).ef(-5)).getMessage();
    assertEquals("ef must be >= 0 (0 for the default); ef=-5", query);
    assertEquals(engine, query);
  }

  @Test
  void recall_afterClose_throwsAndLeavesEncoderAndIndexOpen() {
    RecallEngine engine = engine().k(3).build();
    engine.close();
    engine.close(); // idempotent
    assertEquals("RecallEngine is closed", assertThrows(IllegalStateException.class,
        () -> engine.recall(UserQuery.of(1))).getMessage());
    assertEquals("RecallEngine is closed", assertThrows(IllegalStateException.class,
        () -> engine.recall(List.of(UserQuery.of(1)))).getMessage());
    assertFalse(encoder.isClosed() || index.isClosed(), "the engine does not own them");
    assertEquals(CATALOG.length, index.size());
  }

  @Test
  void recall_nullQuery_throws() {
    try (RecallEngine engine = engine().build()) {
      assertEquals("query", assertThrows(NullPointerException.class,
          () -> engine.recall((UserQuery) null)).getMessage());
      assertEquals("queries", assertThrows(NullPointerException.class,
          () -> engine.recall((List<UserQuery>) null)).getMessage());
    }
  }
}
