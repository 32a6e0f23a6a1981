package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdFilterTest {
  @Test
  void excluding_rejectsExactlyTheGivenIds_smallAndLargeSets() {
    Random rnd = new Random(5);
    for (int size : new int[] {0, 1, 50, 1000, 5000}) {
      Set<Long> excluded = new HashSet<>();
      long[] ids = new long[size];
      for (int i = 0; i < size; i++) {
        ids[i] = rnd.nextInt(20_000) - 5_000; // negative ids and duplicates too
        excluded.add(ids[i]);
      }
      IdFilter filter = IdFilter.excluding(ids);
      for (long id = -6_000; id < 16_000; id++) {
        assertEquals(!excluded.contains(id), filter.accept(id), "size " + size + ", id " + id);
      }
      assertEquals(!excluded.contains(Long.MIN_VALUE), filter.accept(Long.MIN_VALUE));
    }
  }

  @Test
  void and_treatsNullAsAcceptAll() {
    IdFilter even = id -> id % 2 == 0;
    assertNull(IdFilter.and(null, null));
    assertSame(even, IdFilter.and(even, null));
    assertSame(even, IdFilter.and(null, even));
    IdFilter both = IdFilter.and(even, IdFilter.excluding(4));
    assertEquals(true, both.accept(2));
    assertEquals(false, both.accept(3));
    assertEquals(false, both.accept(4));
  }
}
