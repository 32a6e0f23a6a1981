package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.SearchPlan.Measurement;
import io.github.vectorrecall.data.ItemFeatures;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@link RecallEngine} chooses the search: forced modes, plans, explain. */
class RecallEnginePlanTest {
  private static final long[] CATALOG = LongStream.rangeClosed(10, 19).toArray();
  /** The graph reaches .95 at ef 20 and is cheaper than the scan, unfiltered. */
  private static final SearchPlan PLAN = new SearchPlan(CATALOG.length, List.of(
      new Measurement(SearchMode.EXACT, 3, 0, 1.0, 0.5, 0.6),
      new Measurement(SearchMode.GRAPH, 3, 10, 0.90, 0.05, 0.06),
      new Measurement(SearchMode.GRAPH, 3, 20, 0.96, 0.08, 0.09)));

  private FixedEncoder encoder;
  private ModalIndex index;

  @BeforeEach
  void buildIndex() {
    encoder = new FixedEncoder();
    index = new ModalIndex(encoder.dimension(), encoder.metric());
    List<ItemFeatures> items = LongStream.of(CATALOG).mapToObj(ItemFeatures::of).toList();
    index.addAll(CATALOG, encoder.encodeItems(items));
  }

  @AfterEach
  void close() {
    index.close();
    encoder.close();
  }

  private RecallEngine.Builder engine() {
    return RecallEngine.builder().encoder(encoder).index(index).k(3);
  }

  @Test
  void noPlan_theIndexChooses() {
    try (RecallEngine engine = engine().build()) {
      SearchChoice c = engine.explain(UserQuery.of(1));
      assertEquals(SearchMode.AUTO, c.mode());
      assertEquals("no plan: the index chooses", c.reason());
      assertTrue(Double.isNaN(c.expectedRecall()));
      engine.recall(UserQuery.of(1));
      assertEquals(SearchMode.AUTO, index.lastMode);
    }
  }

  @Test
  void plan_choosesPerRequest_andExplainSaysSo() {
    try (RecallEngine engine = engine().plan(PLAN).recallTarget(0.95).build()) {
      SearchChoice c = engine.explain(UserQuery.of(1));
      assertEquals(SearchMode.GRAPH, c.mode());
      assertEquals(20, c.ef());
      assertEquals(0.96, c.expectedRecall());
      assertArrayEquals(new long[] {19, 18, 17}, engine.recall(UserQuery.of(1)).ids());
      assertEquals(SearchMode.GRAPH, index.lastMode);
      assertEquals(20, index.lastEf);
      // Two of ten items pass: a walk meets five nodes per result, the scan scores two.
      UserQuery filtered = UserQuery.builder(1).filter(IdFilter.allowing(10, 11)).k(2).build();
      assertEquals(SearchMode.EXACT, engine.explain(filtered).mode());
      assertArrayEquals(new long[] {11, 10}, engine.recall(filtered).ids());
      assertEquals(SearchMode.EXACT, index.lastMode);
    }
  }

  @Test
  void plan_requestEf_wins() {
    try (RecallEngine engine = engine().plan(PLAN).build()) {
      SearchChoice c = engine.explain(UserQuery.builder(1).ef(7).build());
      assertEquals(SearchMode.AUTO, c.mode());
      assertEquals(7, c.ef());
      assertEquals("ef set by the request", c.reason());
    }
  }

  @Test
  void searchMode_forced() {
    try (RecallEngine engine = engine().searchMode(SearchMode.EXACT).build()) {
      engine.recall(UserQuery.of(2));
      assertEquals(SearchMode.EXACT, index.lastMode);
      assertEquals("forced by the engine's searchMode", engine.explain(UserQuery.of(2)).reason());
    }
  }

  @Test
  void tuneOn_measuresAPlan() {
    try (RecallEngine engine = engine().tuneOn(List.of(UserQuery.of(1), UserQuery.of(2)))
        .recallTarget(0.99).build()) {
      SearchChoice c = engine.explain(UserQuery.of(1));
      // The test index is exact in every mode: whichever is cheaper, it reached recall 1.
      assertEquals(1.0, c.expectedRecall());
      assertTrue(c.reason().startsWith("cheapest of"), c.reason());
    }
  }

  @Test
  void build_conflicts_areRefused() {
    assertEquals("searchMode GRAPH forces every search, so the plan would never be used; set "
        + "one or the other", assertThrows(IllegalStateException.class,
            () -> engine().plan(PLAN).searchMode(SearchMode.GRAPH).build()).getMessage());
    assertEquals("ef 50 fixes the effort of every search, while a plan chooses it per request; "
        + "set one or the other", assertThrows(IllegalStateException.class,
            () -> engine().plan(PLAN).ef(50).build()).getMessage());
    assertEquals("searchMode GRAPH_INT8 is not offered by the brute-force index; it offers "
        + index.searchModes(), assertThrows(IllegalStateException.class,
            () -> engine().searchMode(SearchMode.GRAPH_INT8).build()).getMessage());
    assertEquals("recallTarget must be in (0, 1]; recallTarget=1.5",
        assertThrows(IllegalArgumentException.class,
            () -> RecallEngine.builder().recallTarget(1.5)).getMessage());
    assertEquals("tuneOn needs at least one sample user",
        assertThrows(IllegalArgumentException.class,
            () -> RecallEngine.builder().tuneOn(List.of())).getMessage());
  }

  @Test
  void defaultSearchWithMode_refusesModesNotOffered() {
    try (BruteForceIndex plain = new BruteForceIndex(encoder.dimension(), encoder.metric())) {
      plain.add(1, new float[encoder.dimension()]);
      assertEquals("The brute-force index does not offer search mode EXACT; it offers [AUTO]",
          assertThrows(IllegalArgumentException.class, () -> plain.search(
              new float[encoder.dimension()], 1, null, 0, SearchMode.EXACT)).getMessage());
    }
  }
}
