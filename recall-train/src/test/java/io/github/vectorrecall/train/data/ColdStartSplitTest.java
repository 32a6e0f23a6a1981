package io.github.vectorrecall.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold items leave training entirely; the evaluated users are those whose item is cold. */
class ColdStartSplitTest {
  private static final long DATA_SEED = 3;
  private static final Dataset DATA = SyntheticDataset.builder().users(300).items(200)
      .meanInteractions(15).seed(DATA_SEED).generate();

  @Test
  void of_keepsNoColdInteractionOrItemInTraining() {
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(DATA), 0.1, 5);
    long[] cold = split.coldIds();
    assertEquals(20, cold.length, "10% of 200 items");
    for (Dataset train : List.of(split.train(), split.trainAndValidation())) {
      for (Interaction x : train.interactions()) {
        assertFalse(split.isCold(x.itemId()), "cold item " + x.itemId() + " in training");
      }
      for (long id : cold) {
        assertFalse(train.items().containsKey(id), "cold item " + id + " in the catalog");
      }
      assertEquals(180, train.items().size());
      assertEquals(DATA.users().size(), train.users().size(), "every user is kept");
    }
    long warmTrainAndValidation = split.split().trainAndValidation().interactions().stream()
        .filter(x -> !split.isCold(x.itemId())).count();
    assertEquals(warmTrainAndValidation, split.trainAndValidation().interactions().size(),
        "every warm interaction is kept");
    for (int i = 0; i < cold.length; i++) {
      ItemFeatures f = split.coldItems().get(i);
      assertEquals(cold[i], f.itemId());
      assertEquals(DATA.items().get(cold[i]), f, "cold items keep their features");
    }
  }

  @Test
  void cases_areThoseWhoseHeldOutItemIsCold() {
    ColdStartSplit split = ColdStartSplit.of(LeaveLastOutSplit.of(DATA), 0.1, 5);
    List<LeaveLastOutSplit.Case> test = split.cases(false);
    List<LeaveLastOutSplit.Case> validation = split.cases(true);
    long expectedTest = split.split().cases().stream()
        .filter(c -> split.isCold(c.testItem())).count();
    long expectedValidation = split.split().cases().stream()
        .filter(c -> split.isCold(c.validationItem())).count();
    assertEquals(expectedTest, test.size());
    assertEquals(expectedValidation, validation.size());
    assertTrue(test.size() > 5, "data seed " + DATA_SEED + ": " + test.size() + " test cases");
    test.forEach(c -> assertTrue(split.isCold(c.testItem())));
    validation.forEach(c -> assertTrue(split.isCold(c.validationItem())));
  }

  @Test
  void of_sameSeedSameItems_otherSeedOthers() {
    LeaveLastOutSplit base = LeaveLastOutSplit.of(DATA);
    long[] a = ColdStartSplit.of(base, 0.1, 5).coldIds();
    assertArrayEquals(a, ColdStartSplit.of(base, 0.1, 5).coldIds());
    assertFalse(Arrays.equals(a, ColdStartSplit.of(base, 0.1, 6).coldIds()));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i], "ascending, distinct");
    }
  }

  @Test
  void of_badFraction_throwsNamingIt() {
    LeaveLastOutSplit base = LeaveLastOutSplit.of(DATA);
    for (double bad : new double[] {0, 1, -0.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ColdStartSplit.of(base, bad, 1));
      assertEquals("the cold-start fraction must be in (0, 1); fraction=" + bad,
          e.getMessage());
    }
    Dataset two = Dataset.of("two", List.of(new Interaction(1, 1, 1), new Interaction(1, 2, 2)),
        List.of(), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColdStartSplit.of(LeaveLastOutSplit.of(two), 0.9, 1));
    assertEquals("the cold-start fraction leaves no warm item; fraction=0.9, catalog=2",
        e.getMessage());
    assertEquals("split", assertThrows(NullPointerException.class,
        () -> ColdStartSplit.of(null, 0.1, 1)).getMessage());
  }
}
