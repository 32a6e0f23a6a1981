package io.github.vectorrecall.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.train.data.ColdStartSplit;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed ranks among the cold items only, and the two baselines. */
class ColdStartEvaluatorTest {
  /** 200 items (ids 0..199), of genre id % 10; 20 cold (seed 1). */
  private static final int ITEMS = 200;
  private static final int GENRES = 10;

  private static Dataset data(long[][] sequences) {
    List<ItemFeatures> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(ItemFeatures.builder(i).category("g" + i % GENRES).build());
    }
    List<Interaction> xs = new ArrayList<>();
    for (int u = 0; u < sequences.length; u++) {
      for (int t = 0; t < sequences[u].length; t++) {
        xs.add(new Interaction(u, sequences[u][t], t));
      }
    }
    return Dataset.of("hand", xs, List.of(), items);
  }

  @Test
  void model_ranksOnlyTheColdItemsNotSeen() {
    ColdStartSplit probe = ColdStartSplit.of(LeaveLastOutSplit.of(data(new long[0][])), 0.1, 1);
    long[] cold = probe.coldIds();
    assertEquals(20, cold.length);
    long warm = 0;
    while (probe.isCold(warm)) {
      warm++;
    }
    // User 0: train [warm, cold0], validation warm+?, test cold3. User 1: test is warm.
    long warm2 = warm + 1;
    while (probe.isCold(warm2)) {
      warm2++;
    }
    Dataset d = data(new long[][] {{warm, cold[0], warm2, cold[3]}, {cold[1], warm, warm2}});
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(d), 0.1, 1);
    assertArrayEquals(cold, split.coldIds());
    ColdStartEvaluator eval = new ColdStartEvaluator(split, Evaluator.Target.TEST);
    assertEquals(1, eval.size(), "only the user whose test item is cold");
    assertEquals(0, eval.cases().get(0).userId());
    assertArrayEquals(new long[] {warm, cold[0], warm2}, eval.history(0));
    assertEquals(20, eval.coldItems().size());

    // Cold item i scores i, but cold0 (seen) 100 and cold3 (the target) 17.5: only cold18 and
    // cold19 are ahead of it among the 19 candidates, rank 3.
    float[][] coldVectors = new float[20][];
    for (int i = 0; i < 20; i++) {
      coldVectors[i] = new float[] {i};
    }
    coldVectors[0][0] = 100f;
    coldVectors[3][0] = 17.5f;
    Map<String, Double> m = eval.model(coldVectors, new float[][] {{1f}});
    assertEquals(1.0, m.get("HR@10"));
    assertEquals(0.5, m.get("NDCG@10"), 1e-12);
    assertEquals(false, m.containsKey("HR@50"), "K larger than the cold set is left out");
    coldVectors[3][0] = 8.5f; // 11 candidates ahead: rank 12
    assertEquals(0.0, eval.model(coldVectors, new float[][] {{1f}}).get("HR@10"));
    // Random over 19 candidates: HR@10 = 10/19, NDCG@10 = sum of 1/log2(r + 1), r <= 10, / 19.
    Map<String, Double> r = eval.random();
    assertEquals(10.0 / 19, r.get("HR@10"), 1e-12);
    double gain = 0;
    for (int rank = 1; rank <= 10; rank++) {
      gain += 1 / (Math.log(rank + 1) / Math.log(2));
    }
    assertEquals(gain / 19, r.get("NDCG@10"), 1e-12);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> eval.model(new float[3][], new float[][] {{1f}}));
    assertEquals("expected 20 cold item vectors and 1 user vectors; got 3 and 1",
        e.getMessage());
  }

  @Test
  void featureProfile_prefersTheGenreOfTheWarmHistory() {
    ColdStartSplit probe = ColdStartSplit.of(LeaveLastOutSplit.of(data(new long[0][])), 0.1, 1);
    long[] cold = probe.coldIds();
    long target = cold[7];
    List<Long> same = new ArrayList<>();
    for (long i = 0; i < ITEMS; i++) {
      if (!probe.isCold(i) && i % GENRES == target % GENRES) {
        same.add(i);
      }
    }
    // The user's history is all of the test item's genre.
    Dataset d = data(new long[][] {{same.get(0), same.get(1), same.get(2), target}});
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(d), 0.1, 1);
    ColdStartEvaluator eval = new ColdStartEvaluator(split, Evaluator.Target.TEST);
    assertEquals(1, eval.size());
    int sameGenreCold = 0;
    for (long c : cold) {
      sameGenreCold += c % GENRES == target % GENRES ? 1 : 0;
    }
    // Same-genre cold items tie; the tie order puts the target somewhere among them, never
    // below an item of the other genre.
    Map<String, Double> m = eval.featureProfile();
    assertEquals(1.0, m.get("HR@10"));
    double ndcg = m.get("NDCG@10");
    boolean withinTies = false;
    for (int rank = 1; rank <= sameGenreCold; rank++) {
      withinTies |= Math.abs(ndcg - 1 / (Math.log(rank + 1) / Math.log(2))) < 1e-12;
    }
    assertEquals(true, withinTies, "NDCG@10 " + ndcg + " is not a rank within the "
        + sameGenreCold + " tied items");
  }

  @Test
  void vectors_oneHotCategoriesTagsAndDenseValues() {
    ItemFeatureVectors f = ItemFeatureVectors.fit(List.of(
        ItemFeatures.builder(1).category("x").tag("t1").tag("t2").dense("year", 0.5f).build(),
        ItemFeatures.builder(2).category("y").tag("t2").build()));
    assertEquals(2 + 2 + 1, f.dimension());
    // Layout sorted: c/x, c/y, t/t1, t/t2, then dense year.
    assertArrayEquals(new float[] {1, 0, 1, 1, 0.5f},
        f.vector(ItemFeatures.builder(9).category("x").tag("t1").tag("t2").dense("year", 0.5f)
            .build()));
    assertArrayEquals(new float[] {0, 0, 0, 1, 0},
        f.vector(ItemFeatures.builder(9).category("new").tag("t2").tag("unseen").build()),
        "values the catalog lacks are left out");
  }
}
