package io.github.vectorrecall.hnsw.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The node of each live item id: a primitive {@code long → int} hash map, open addressing with
 * linear probing over a {@code long[]} of keys and an {@code int[]} of slot states, about 17 to
 * 26 bytes per id (12 bytes a slot, at most {@value #MAX_LOAD} of the slots used) where a {@code
 * ConcurrentHashMap<Long, Integer>} takes about 72. Keys are any {@code long}; nodes are {@code 0}
 * to {@code Integer.MAX_VALUE - 1}.
 *
 * <p>One writer at a time ({@link #put}, {@link #remove}, and {@link #get} by the writer or under
 * a lock that excludes it), while {@link #containsKey} may run on any thread, without a lock,
 * beside the writer. What makes that safe:
 *
 * <ul>
 *   <li>A slot's state is its {@code int}: 0 empty, {@code node + 1} live, {@value #TOMBSTONE}
 *       removed. A slot goes from empty to live, from live to removed and from removed to live,
 *       never back to empty, so a reader's probe never stops short of a live key: every slot
 *       between the key's home and the key was used when the key went in and stays used.
 *   <li>The writer writes a slot's key, then its state with a volatile store; a reader reads the
 *       state with a volatile load, then the key, so a live state it sees comes with its key
 *       (keys are read and written opaque: a {@code long} is never torn). Removal is a volatile
 *       store of the state, so a call that begins after a removal returned sees it, as with a
 *       {@code ConcurrentHashMap}.
 *   <li>The arrays never change once a table is replaced: growing, or clearing tombstones, fills
 *       a new table and publishes it through a volatile field; a reader on the old one reads it
 *       as it was, and always finds an empty slot there to stop at.
 * </ul>
 */
public final class IdOrdinalMap {
  /** Most slots, live or removed, a table holds, as a share of its capacity. */
  static final double MAX_LOAD = 0.7;
  /** How much a full table grows: half as much again, as the graph does. */
  static final double GROWTH = 1.5;
  /**
   * Share of a full table's usable slots the live keys must fill for it to grow; below it the
   * table is rebuilt at the same capacity (removals filled it with tombstones), so that removals
   * and re-adds at the expected size grow it once at most.
   */
  static final double GROW_ABOVE = 0.75;
  /** The largest capacity: a Java array's length is at most about {@code Integer.MAX_VALUE}. */
  static final int MAX_CAPACITY = 1 << 30;
  /** A removed slot's state. */
  static final int TOMBSTONE = -1;
  /** What {@link #get}, {@link #put} and {@link #remove} return for a key not in the map. */
  public static final int ABSENT = -1;
  /** Bytes of an array's header, counted by {@link #ramBytesUsed()} for each of the two. */
  static final long ARRAY_HEADER_BYTES = 16;

  private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(int[].class);

  /** The keys and states of one capacity; its arrays stay put until a new table replaces it. */
  private static final class Table {
    final long[] keys;
    final int[] states;
    /** Slots a put may use, live or removed, before the table is replaced. */
    final int maxUsed;

    Table(int capacity) {
      keys = new long[capacity];
      states = new int[capacity];
      maxUsed = Math.min(capacity - 1, (int) (capacity * MAX_LOAD));
    }

    /** The slot a probe for {@code key} begins at: the hash's top bits scaled to the capacity. */
    int home(long key) {
      return (int) (((mix(key) >>> 32) * keys.length) >>> 32);
    }
  }

  /** The current table: written by the writer only, read by every call. */
  private volatile Table table;
  /** Live keys; the writer's. */
  private int size;
  /** Slots live or removed in the current table; the writer's. */
  private int used;

  /**
   * A map with room for {@code expected} keys before it grows.
   *
   * @param expected keys it should hold without growing
   * @throws IllegalArgumentException if negative, or more than the largest table holds
   */
  public IdOrdinalMap(int expected) {
    if (expected < 0 || expected > MAX_CAPACITY * MAX_LOAD) {
      throw new IllegalArgumentException("expected must be in [0, "
          + (int) (MAX_CAPACITY * MAX_LOAD) + "]; expected=" + expected);
    }
    table = new Table(capacityFor(expected));
  }

  /** The capacity that holds {@code keys} at no more than {@link #MAX_LOAD}, with one empty slot. */
  static int capacityFor(long keys) {
    return (int) Math.min(MAX_CAPACITY, Math.max(4, (long) Math.ceil(keys / MAX_LOAD) + 1));
  }

  /**
   * Murmur3's 64-bit finaliser: every bit of the key moves the top 32 bits, which {@link
   * Table#home} uses, so sequential or strided ids spread over the table.
   */
  static long mix(long key) {
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /**
   * Whether {@code key} is live. Any thread, without a lock: true from the moment a {@link #put}
   * of the key writes its slot until a {@link #remove} of it does.
   *
   * @param key the key
   * @return true if present
   */
  public boolean containsKey(long key) {
    return find(table, key) >= 0;
  }

  /**
   * The node of {@code key}; by the writer, or under a lock that excludes it.
   *
   * @param key the key
   * @return its node, or {@link #ABSENT}
   */
  public int get(long key) {
    Table t = table;
    int slot = find(t, key);
    return slot < 0 ? ABSENT : (int) STATES.getVolatile(t.states, slot) - 1;
  }

  /** The slot of live {@code key} in {@code t}, or -1; safe beside the writer. */
  private static int find(Table t, long key) {
    long[] keys = t.keys;
    int[] states = t.states;
    int capacity = keys.length;
    for (int i = t.home(key); ; i = i + 1 == capacity ? 0 : i + 1) {
      int state = (int) STATES.getVolatile(states, i);
      if (state == 0) {
        return -1;
      }
      if (state != TOMBSTONE && (long) KEYS.getOpaque(keys, i) == key) {
        return i;
      }
    }
  }

  /**
   * Maps {@code key} to {@code node}, replacing its node if it has one; by the one writer.
   *
   * @param key the key
   * @param node the node, 0 or more
   * @return the key's node before, or {@link #ABSENT}
   * @throws IllegalArgumentException if node is negative or {@code Integer.MAX_VALUE}
   * @throws IllegalStateException if the map is at its largest capacity and full
   */
  public int put(long key, int node) {
    if (node < 0 || node == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("node must be in [0, " + (Integer.MAX_VALUE - 1)
          + "); node=" + node);
    }
    Table t = table;
    int slot = find(t, key);
    if (slot >= 0) {
      int old = t.states[slot] - 1;
      STATES.setVolatile(t.states, slot, node + 1);
      return old;
    }
    if (used == t.maxUsed) {
      t = rehash(t);
    }
    long[] keys = t.keys;
    int[] states = t.states;
    int capacity = keys.length;
    int i = t.home(key);
    while (states[i] > 0) { // the key is absent: its first removed or empty slot is free
      i = i + 1 == capacity ? 0 : i + 1;
    }
    if (states[i] == 0) {
      used++;
    }
    KEYS.setOpaque(keys, i, key);
    STATES.setVolatile(states, i, node + 1); // after the key: a reader that sees it sees the key
    size++;
    return ABSENT;
  }

  /**
   * Unmaps {@code key}; by the one writer. Its slot keeps the key as a tombstone until the table
   * is next rebuilt.
   *
   * @param key the key
   * @return its node, or {@link #ABSENT} if it had none
   */
  public int remove(long key) {
    Table t = table;
    int slot = find(t, key);
    if (slot < 0) {
      return ABSENT;
    }
    int old = t.states[slot] - 1;
    STATES.setVolatile(t.states, slot, TOMBSTONE);
    size--;
    return old;
  }

  /**
   * Unmaps {@code key} if it maps to {@code node}; by the one writer.
   *
   * @param key the key
   * @param node the node it must map to
   * @return true if it did, and is now unmapped
   */
  public boolean remove(long key, int node) {
    if (get(key) != node || node == ABSENT) {
      return false;
    }
    remove(key);
    return true;
  }

  /**
   * A new table with the live keys of {@code old} and no tombstones: half as large again when
   * the live keys fill over {@link #GROW_ABOVE} of what it may use, else as large, so a rebuild
   * follows at least a quarter of its usable slots' puts. Published to readers when full.
   */
  private Table rehash(Table old) {
    int capacity = old.keys.length;
    if (size > old.maxUsed * GROW_ABOVE) {
      if (capacity == MAX_CAPACITY) {
        throw new IllegalStateException("The id map is full: " + size + " ids in its largest"
            + " table of " + MAX_CAPACITY + " slots");
      }
      capacity = (int) Math.min(MAX_CAPACITY, Math.max(capacityFor(size + 1L),
          (long) (capacity * GROWTH)));
    }
    Table t = new Table(capacity);
    for (int j = 0; j < old.keys.length; j++) {
      if (old.states[j] > 0) {
        int i = t.home(old.keys[j]);
        while (t.states[i] != 0) {
          i = i + 1 == capacity ? 0 : i + 1;
        }
        t.keys[i] = old.keys[j];
        t.states[i] = old.states[j];
      }
    }
    used = size;
    table = t; // the volatile store publishes the filled arrays
    return t;
  }

  /**
   * Live keys; by the writer, or under a lock that excludes it.
   *
   * @return keys mapped
   */
  public int size() {
    return size;
  }

  /**
   * Slots of the current table (live, removed and empty).
   *
   * @return the capacity
   */
  public int capacity() {
    return table.keys.length;
  }

  /**
   * Heap bytes of the two arrays of the current table, headers included: 12 a slot.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    return 12L * table.keys.length + 2 * ARRAY_HEADER_BYTES;
  }

  @Override
  public String toString() {
    return "IdOrdinalMap{size=" + size + ", capacity=" + capacity() + "}";
  }
}
