package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdOrdinalMapTest {
  private static final long SEED = 20261201L;
  private static final long[] SPECIAL_KEYS =
      {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};

  @Test
  void putGetRemove_specialKeys() {
    IdOrdinalMap map = new IdOrdinalMap(0);
    for (int i = 0; i < SPECIAL_KEYS.length; i++) {
      assertFalse(map.containsKey(SPECIAL_KEYS[i]), "key " + SPECIAL_KEYS[i]);
      assertEquals(IdOrdinalMap.ABSENT, map.put(SPECIAL_KEYS[i], i));
    }
    assertEquals(SPECIAL_KEYS.length, map.size());
    for (int i = 0; i < SPECIAL_KEYS.length; i++) {
      assertTrue(map.containsKey(SPECIAL_KEYS[i]), "key " + SPECIAL_KEYS[i]);
      assertEquals(i, map.get(SPECIAL_KEYS[i]), "key " + SPECIAL_KEYS[i]);
    }
    assertEquals(3, map.remove(Long.MIN_VALUE));
    assertEquals(IdOrdinalMap.ABSENT, map.remove(Long.MIN_VALUE));
    assertFalse(map.containsKey(Long.MIN_VALUE));
    assertEquals(IdOrdinalMap.ABSENT, map.get(Long.MIN_VALUE));
    assertEquals(0, map.get(0));
    assertEquals(4, map.get(Long.MAX_VALUE));
    assertEquals(SPECIAL_KEYS.length - 1, map.size());
  }

  @Test
  void put_existingKey_overwritesAndReturnsTheOldNode() {
    IdOrdinalMap map = new IdOrdinalMap(4);
    assertEquals(IdOrdinalMap.ABSENT, map.put(42, 0));
    assertEquals(0, map.put(42, Integer.MAX_VALUE - 1));
    assertEquals(Integer.MAX_VALUE - 1, map.get(42));
    assertEquals(1, map.size());
  }

  @Test
  void removeKeyNode_onlyWhenItMapsThere() {
    IdOrdinalMap map = new IdOrdinalMap(4);
    map.put(7, 3);
    assertFalse(map.remove(7, 4));
    assertFalse(map.remove(8, 3));
    assertTrue(map.containsKey(7));
    assertTrue(map.remove(7, 3));
    assertFalse(map.containsKey(7));
    assertFalse(map.remove(7, 3));
  }

  @Test
  void put_badNode_namesIt() {
    IdOrdinalMap map = new IdOrdinalMap(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> map.put(1, -1));
    assertEquals("node must be in [0, 2147483646); node=-1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> map.put(1, Integer.MAX_VALUE));
    assertEquals("node must be in [0, 2147483646); node=2147483647", e.getMessage());
    assertEquals(0, map.size());
  }

  @Test
  void constructor_badExpected_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IdOrdinalMap(-1));
    assertEquals("expected must be in [0, 751619276]; expected=-1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IdOrdinalMap(Integer.MAX_VALUE));
  }

  /** The same answers as a HashMap through growth, tombstones and rebuilds, on random keys. */
  @Test
  void randomOperations_matchAHashMap() {
    for (long seed = SEED; seed < SEED + 4; seed++) {
      Random rnd = new Random(seed);
      IdOrdinalMap map = new IdOrdinalMap(rnd.nextInt(20));
      Map<Long, Integer> model = new HashMap<>();
      // a small key space (many hits, removals, re-adds) plus the extremes of long
      long[] space = new long[3000];
      for (int i = 0; i < space.length; i++) {
        space[i] = i < SPECIAL_KEYS.length ? SPECIAL_KEYS[i]
            : rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(5000) - 2500;
      }
      for (int op = 0; op < 60_000; op++) {
        long key = space[rnd.nextInt(space.length)];
        int kind = rnd.nextInt(10);
        String what = "seed " + seed + ", op " + op + ", key " + key;
        if (kind < 5) {
          int node = rnd.nextInt(1_000_000);
          Integer old = model.put(key, node);
          assertEquals(old == null ? IdOrdinalMap.ABSENT : old, map.put(key, node), what);
        } else if (kind < 8) {
          Integer old = model.remove(key);
          assertEquals(old == null ? IdOrdinalMap.ABSENT : old, map.remove(key), what);
        } else {
          Integer node = model.get(key);
          assertEquals(node == null ? IdOrdinalMap.ABSENT : node, map.get(key), what);
          assertEquals(node != null, map.containsKey(key), what);
        }
        assertEquals(model.size(), map.size(), what);
      }
      for (long key : space) {
        Integer node = model.get(key);
        assertEquals(node == null ? IdOrdinalMap.ABSENT : node, map.get(key), "seed " + seed);
      }
      // it grows only when live keys fill over GROW_ABOVE of what it may use: tombstones never
      // make it grow past that
      assertTrue(map.capacity() <= IdOrdinalMap.GROWTH * space.length
          / (IdOrdinalMap.MAX_LOAD * IdOrdinalMap.GROW_ABOVE) + 1,
          "capacity " + map.capacity() + ", seed " + seed);
    }
  }

  @Test
  void growth_keepsEveryKey_andTheBytesPerKeyBounded() {
    IdOrdinalMap map = new IdOrdinalMap(0);
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      map.put(i * 1_000_003L, i); // strided keys
      int capacity = map.capacity();
      assertTrue(map.size() <= capacity * IdOrdinalMap.MAX_LOAD + 1,
          "size " + map.size() + ", capacity " + capacity);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i, map.get(i * 1_000_003L), "key " + i * 1_000_003L);
    }
    assertFalse(map.containsKey(1));
    double perKey = map.ramBytesUsed() / (double) n;
    assertTrue(perKey <= 12 / IdOrdinalMap.MAX_LOAD * IdOrdinalMap.GROWTH + 0.01,
        "bytes per key " + perKey);
  }

  /**
   * Removals and re-adds of a steady set, at the expected size: the full table grows once, then
   * its tombstones are cleared by rebuilds in place.
   */
  @Test
  void churn_tombstonesAreCleared_capacityStays() {
    int n = 1000;
    IdOrdinalMap map = new IdOrdinalMap(n);
    int capacity = map.capacity();
    for (int i = 0; i < n; i++) {
      map.put(i, i);
    }
    Random rnd = new Random(SEED);
    for (int round = 0; round < 50_000; round++) {
      long key = rnd.nextInt(n);
      int node = map.remove(key);
      assertEquals((int) key, node, "round " + round);
      map.put(n + round, round); // a new key where the old one's tombstone lies
      map.remove(n + round);
      map.put(key, (int) key);
    }
    assertEquals(n, map.size());
    assertEquals((int) (capacity * IdOrdinalMap.GROWTH), map.capacity());
    for (int i = 0; i < n; i++) {
      assertEquals(i, map.get(i));
    }
  }

  @Test
  void ramBytesUsed_isTheTwoArrays() {
    IdOrdinalMap map = new IdOrdinalMap(200_000);
    assertEquals(12L * map.capacity() + 32, map.ramBytesUsed());
    assertEquals(IdOrdinalMap.capacityFor(200_000), map.capacity());
    for (int i = 0; i < 200_000; i++) {
      map.put(i, i);
    }
    assertEquals(IdOrdinalMap.capacityFor(200_000), map.capacity(), "no growth at expected");
    double perKey = map.ramBytesUsed() / 200_000.0;
    assertTrue(perKey >= 17 && perKey < 17.2, "bytes per key " + perKey);
  }

  /**
   * Readers call containsKey without a lock while one writer grows the table, removes and
   * re-adds: keys put before the readers began and never removed are always found, keys never
   * put never are, and a key whose removal the writer announced is not found afterwards.
   */
  @Test
  void containsKey_besideOneWriter_seesEveryStableKey() throws Exception {
    IdOrdinalMap map = new IdOrdinalMap(16);
    int stable = 2000;
    for (int i = 0; i < stable; i++) {
      map.put(2L * i, i); // stable keys are even, churned keys odd, absent keys negative
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong removedUpTo = new AtomicLong(-1); // odd keys 1..2r+1 are gone for good
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    long[] reads = new long[2];
    for (int t = 0; t < reads.length; t++) {
      int reader = t;
      Random rnd = new Random(SEED + t);
      readers.add(new Thread(() -> {
        while (!stop.get() && failure.get() == null) {
          long gone = removedUpTo.get();
          long even = 2L * rnd.nextInt(stable);
          if (!map.containsKey(even)) {
            failure.compareAndSet(null, "stable key " + even + " not found");
          }
          long absent = -1 - rnd.nextInt(1_000_000);
          if (map.containsKey(absent)) {
            failure.compareAndSet(null, "key " + absent + " found, never put");
          }
          if (gone >= 0) {
            long odd = 2 * (long) rnd.nextInt((int) gone + 1) + 1;
            if (map.containsKey(odd)) {
              failure.compareAndSet(null, "key " + odd + " found after its removal");
            }
          }
          reads[reader]++;
        }
      }, "reader-" + t));
    }
    readers.forEach(Thread::start);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    int added = 0;
    int node = stable;
    while ((System.nanoTime() < deadline || added < 50_000) && added < 1_000_000
        && failure.get() == null) {
      map.put(2L * added + 1, node++); // grows the table again and again
      if (added % 2 == 1) {
        map.put(2L * (added - 1) + 1, node++); // an overwrite
      }
      added++;
      if (added % 3 == 0) {
        long r = removedUpTo.get() + 1;
        if (map.remove(2 * r + 1) == IdOrdinalMap.ABSENT) {
          failure.compareAndSet(null, "writer: key " + (2 * r + 1) + " missing");
        }
        removedUpTo.set(r);
      }
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertEquals(null, failure.get(), "seed " + SEED);
    assertTrue(reads[0] + reads[1] > 1000, "reads " + reads[0] + " + " + reads[1]);
    assertEquals(stable + added - (removedUpTo.get() + 1), map.size());
  }
}
