package io.github.vectorrecall.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveLastOutSplitTest {
  @Test
  void of_handCheckedCase() {
    List<Interaction> xs = List.of(
        new Interaction(1, 10, 5), new Interaction(1, 11, 1), new Interaction(1, 12, 3),
        new Interaction(1, 13, 3), // same time as 12: item id breaks the tie
        new Interaction(1, 10, 9), // duplicate of (1, 10): the earliest (t=5) is kept
        new Interaction(2, 20, 1), new Interaction(2, 21, 2)); // 2 interactions: train only
    LeaveLastOutSplit split = LeaveLastOutSplit.of(Dataset.of("t", xs, List.of(), List.of()));
    assertEquals(1, split.cases().size());
    LeaveLastOutSplit.Case c = split.cases().get(0);
    assertEquals(1, c.userId());
    assertArrayEquals(new long[] {11, 12}, c.train());
    assertEquals(13, c.validationItem());
    assertEquals(10, c.testItem());
    assertArrayEquals(new long[] {11, 12, 13}, c.trainAndValidation());
    assertEquals(4, split.train().interactions().size());
    assertEquals(5, split.trainAndValidation().interactions().size());
  }
}
