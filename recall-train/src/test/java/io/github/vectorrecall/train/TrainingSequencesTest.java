package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.model.internal.Featurizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingSequencesTest {
  /** User 1: items 10, 11, 12 in time order (given out of order); user 2: item 11 only. */
  private static TrainingSequences sequences() {
    Dataset d = Dataset.of("t", List.of(new Interaction(1, 12, 3), new Interaction(1, 10, 1),
        new Interaction(2, 11, 5), new Interaction(1, 11, 2)), List.of(), List.of());
    return TrainingSequences.of(d, Featurizer.fit(d, 50, 8));
  }

  @Test
  void of_ordersEachUsersItemsByTime() {
    TrainingSequences s = sequences();
    assertEquals(2, s.size());
    assertEquals(4, s.interactions());
    assertEquals(1L, s.user(0).userId(), "users in order of first appearance");
    int[] rows = s.items(0);
    assertEquals(3, rows.length);
    assertEquals(s.items(1)[0], rows[1], "item 11 is user 1's second item");
  }

  @Test
  void holdOutLast_takesTheLastItemOfLongEnoughSequences() {
    TrainingSequences s = sequences();
    TrainingSequences.HoldOut held = s.holdOutLast(3);
    assertEquals(List.of(0), held.users());
    assertEquals(List.of(s.items(0)[2]), held.targets());
    assertEquals(2, held.train().size(), "every user stays, in order");
    assertArrayEquals(new int[] {s.items(0)[0], s.items(0)[1]}, held.train().items(0));
    assertArrayEquals(s.items(1), held.train().items(1));
    assertEquals(0, s.holdOutLast(4).users().size());
  }

  @Test
  void examples_areEveryPositionUserByUser() {
    TrainingSequences.Examples ex = sequences().examples();
    assertEquals(4, ex.count);
    assertArrayEquals(new int[] {0, 0, 0, 1}, ex.user);
    assertArrayEquals(new int[] {0, 1, 2, 0}, ex.pos);
  }

  @Test
  void shuffle_isAPermutationFixedByTheSeed() {
    int[] a = {0, 1, 2, 3, 4, 5, 6, 7};
    int[] b = a.clone();
    TrainingSequences.shuffle(a, new Random(5));
    TrainingSequences.shuffle(b, new Random(5));
    assertArrayEquals(a, b);
    int[] sorted = a.clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, sorted);
  }
}
