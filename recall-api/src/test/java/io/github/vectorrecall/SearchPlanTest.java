package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.SearchPlan.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's choice from measurements given by hand. */
class SearchPlanTest {
  /** 100K items, K = 100: the graph reaches .95 at ef 200 in 0.3 ms; the scans cost more. */
  private static final List<Measurement> LARGE = List.of(
      new Measurement(SearchMode.EXACT, 100, 0, 1.0, 4.0, 4.5),
      new Measurement(SearchMode.EXACT_INT8, 100, 0, 0.995, 1.8, 2.0),
      new Measurement(SearchMode.GRAPH, 100, 100, 0.90, 0.2, 0.3),
      new Measurement(SearchMode.GRAPH, 100, 200, 0.96, 0.3, 0.4),
      new Measurement(SearchMode.GRAPH, 100, 400, 0.99, 0.5, 0.6),
      new Measurement(SearchMode.GRAPH, 500, 800, 0.95, 1.5, 1.8),
      new Measurement(SearchMode.EXACT, 500, 0, 1.0, 4.1, 4.6));

  @Test
  void choose_cheapestThatReachesTheTarget() {
    SearchChoice c = new SearchPlan(100_000, LARGE).choose(100, 0.95, 100_000, -1);
    assertEquals(SearchMode.GRAPH, c.mode());
    assertEquals(200, c.ef());
    assertEquals(0.96, c.expectedRecall());
    assertEquals(0.3, c.expectedMillis(), 1e-9);
    assertTrue(c.reason().startsWith("cheapest of 5 options measured at K=100"), c.reason());
  }

  /**
   * A scan a few percent faster at P50 with a long tail gives way to the walk whose P50 and P99
   * are both near the best; a tail only a little longer does not outweigh a faster median.
   */
  @Test
  void choose_countsTheTail_whenMediansAreClose() {
    List<Measurement> close = List.of(
        new Measurement(SearchMode.EXACT_INT8, 500, 0, 0.997, 3.00, 4.80),
        new Measurement(SearchMode.GRAPH, 500, 1600, 0.96, 3.10, 3.60));
    SearchChoice c = new SearchPlan(200_000, close).choose(500, 0.95, 200_000, -1);
    assertEquals(SearchMode.GRAPH, c.mode());
    assertEquals(3.10, c.expectedMillis(), 1e-9);
    assertTrue(c.reason().contains("P99 counted: 3.600 ms P99 against 4.800 ms"), c.reason());
    List<Measurement> slightly = List.of(
        new Measurement(SearchMode.EXACT_INT8, 500, 0, 0.997, 3.00, 3.90),
        new Measurement(SearchMode.GRAPH, 500, 1600, 0.96, 3.60, 3.60));
    SearchChoice d = new SearchPlan(200_000, slightly).choose(500, 0.95, 200_000, -1);
    assertEquals(SearchMode.EXACT_INT8, d.mode()); // max(1, 3.9 / 3.6) < max(1.2, 1)
    assertTrue(!d.reason().contains("P99 counted"), d.reason());
  }

  @Test
  void choose_higherTarget_takesALargerEf() {
    assertEquals(400, new SearchPlan(100_000, LARGE).choose(100, 0.98, 100_000, -1).ef());
    assertEquals(SearchMode.EXACT_INT8,
        new SearchPlan(100_000, LARGE).choose(100, 0.995, 100_000, -1).mode());
  }

  @Test
  void choose_selectiveFilter_scans() {
    // 0.1% of 100K pass: a walk meets 1,000 nodes per result it keeps.
    SearchChoice c = new SearchPlan(100_000, LARGE).choose(100, 0.95, 100_000, 100);
    assertEquals(SearchMode.EXACT_INT8, c.mode());
    assertEquals(0, c.ef());
    assertEquals(1.8 * (0.05 + 0.95 * 0.001), c.expectedMillis(), 1e-9);
    assertTrue(c.reason().endsWith("filter passes 0.10%"), c.reason());
  }

  @Test
  void choose_tinyIndex_scans() {
    List<Measurement> tiny = List.of(
        new Measurement(SearchMode.EXACT, 100, 0, 1.0, 0.02, 0.03),
        new Measurement(SearchMode.GRAPH, 100, 100, 1.0, 0.05, 0.07));
    assertEquals(SearchMode.EXACT, new SearchPlan(500, tiny).choose(100, 0.95, 500, -1).mode());
  }

  @Test
  void choose_catalogGrown_scanCostScalesWithIt() {
    List<Measurement> small = List.of(
        new Measurement(SearchMode.EXACT, 10, 0, 1.0, 0.2, 0.3),
        new Measurement(SearchMode.GRAPH, 10, 50, 0.97, 0.3, 0.4));
    SearchPlan plan = new SearchPlan(10_000, small);
    assertEquals(SearchMode.EXACT, plan.choose(10, 0.95, 10_000, -1).mode());
    SearchChoice grown = plan.choose(10, 0.95, 1_000_000, -1);
    assertEquals(SearchMode.GRAPH, grown.mode());
    assertTrue(grown.reason().contains("costs scaled from 10000 items to 1000000"),
        grown.reason());
  }

  @Test
  void choose_kBetweenMeasured_usesTheNextAbove_andRaisesEf() {
    SearchChoice c = new SearchPlan(100_000, LARGE).choose(300, 0.95, 100_000, -1);
    assertEquals(SearchMode.GRAPH, c.mode());
    assertEquals(800, c.ef());
    SearchChoice small = new SearchPlan(100_000, LARGE).choose(150, 0.9, 100_000, -1);
    assertEquals(800, small.ef()); // K=500's rows: the graph at ef 800 is the cheapest
  }

  @Test
  void choose_kAboveAllMeasured_saysSo() {
    SearchChoice c = new SearchPlan(100_000, LARGE).choose(1000, 0.95, 100_000, -1);
    assertEquals(1000, c.ef()); // ef raised to K
    assertTrue(c.reason().contains("K=1000 is above every K measured"), c.reason());
  }

  @Test
  void choose_targetOutOfReach_takesTheHighestRecall() {
    List<Measurement> graphs = List.of(
        new Measurement(SearchMode.GRAPH, 100, 100, 0.80, 0.2, 0.3),
        new Measurement(SearchMode.GRAPH, 100, 400, 0.90, 0.5, 0.6));
    SearchChoice c = new SearchPlan(1000, graphs).choose(100, 0.95, 1000, -1);
    assertEquals(400, c.ef());
    assertTrue(c.reason().startsWith("no measured option reaches recall 0.950 at K=100"),
        c.reason());
  }

  @Test
  void measurement_bad_isRefused() {
    assertEquals("bad measurement: mode AUTO, k 10, ef 0, recall 1.0, P50 1.0, P99 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new Measurement(SearchMode.AUTO, 10, 0, 1, 1, 1)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Measurement(SearchMode.GRAPH, 10, 10, 1.5, 1, 1));
    assertEquals("a plan needs a positive size and measurements; size=10, measurements=0",
        assertThrows(IllegalArgumentException.class, () -> new SearchPlan(10, List.of()))
            .getMessage());
  }

  @Test
  void table_listsEveryMeasurement() {
    String t = new SearchPlan(100_000, LARGE).table();
    assertEquals(LARGE.size() + 1, t.split("\n").length, t);
    assertTrue(t.contains("GRAPH        100     200   0.9600    0.300    0.400"), t);
  }
}
