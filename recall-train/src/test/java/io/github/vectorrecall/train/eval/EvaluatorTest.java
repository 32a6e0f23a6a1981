package io.github.vectorrecall.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  @Test
  void exact_handComputedRank() {
    // User 1: train [0], validation 1, test 2. Catalog of 13 items (ids 0..12).
    List<Interaction> xs = List.of(new Interaction(1, 0, 1), new Interaction(1, 1, 2),
        new Interaction(1, 2, 3));
    Dataset d = Dataset.of("t", xs, List.of(), List.of());
    LeaveLastOutSplit split = LeaveLastOutSplit.of(d);
    long[] catalog = new long[13];
    for (int i = 0; i < 13; i++) {
      catalog[i] = i;
    }
    Evaluator eval = new Evaluator(split, catalog, Evaluator.Target.TEST);
    // Item vectors on a line: score of item i is -i, except the test item 2 scores -11.5.
    // History {0, 1} is excluded, so items 3..11 (9 items) beat it: rank 10.
    float[][] items = new float[13][];
    for (int i = 0; i < 13; i++) {
      items[i] = new float[] {-i};
    }
    items[2] = new float[] {-11.5f};
    Map<String, Double> m = eval.exact(items, new float[][] {{1f}});
    assertEquals(1.0, m.get("HR@10"));
    assertEquals(1 / (Math.log(11) / Math.log(2)), m.get("NDCG@10"), 1e-9);
    assertEquals(false, m.containsKey("HR@50"), "K larger than the catalog is left out");
    assertEquals(11.0 / 13, m.get("coverage@50"), 1e-9);
    items[2] = new float[] {-12.5f};
    assertEquals(0.0, eval.exact(items, new float[][] {{1f}}).get("HR@10"));
  }
}
