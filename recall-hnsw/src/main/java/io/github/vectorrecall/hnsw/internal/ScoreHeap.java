package io.github.vectorrecall.hnsw.internal;

import java.util.Arrays;

/**
 * A binary heap of (score, node) pairs, ordered best-first (for candidates to expand) or
 * worst-first (for the results kept so far). Reused across searches: {@link #clear()} keeps the
 * array.
 *
 * <p>Each pair is one {@code long}: the score as an int that sorts as the float does in the
 * high half, the node in the low half, so a sift moves and compares one value instead of two
 * parallel arrays (as Lucene's {@code LongHeap} and {@code NumericUtils} do). The array is a
 * min-heap; a best-first heap stores each key's complement, whose order is reversed. Among equal
 * scores, a worst-first heap puts the lower node on top and a best-first heap the higher.
 */
public final class ScoreHeap {
  private final boolean maxFirst;
  private long[] keys;
  private int size;

  /**
   * Creates a heap.
   *
   * @param maxFirst true for the highest score on top, false for the lowest
   * @param capacity initial capacity; it grows as needed
   */
  public ScoreHeap(boolean maxFirst, int capacity) {
    this.maxFirst = maxFirst;
    this.keys = new long[Math.max(4, capacity)];
  }

  /** Empties the heap. */
  public void clear() {
    size = 0;
  }

  /** @return number of entries */
  public int size() {
    return size;
  }

  /** @return the top entry's score; the heap must not be empty */
  public float topScore() {
    return score(top());
  }

  /** @return the top entry's node; the heap must not be empty */
  public int topNode() {
    return (int) top();
  }

  private long top() {
    return maxFirst ? ~keys[0] : keys[0];
  }

  /** A float's bits as an int that orders as the float does (negative values flipped). */
  static int sortable(float score) {
    int bits = Float.floatToRawIntBits(score);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** The score of a key. */
  static float score(long key) {
    int bits = (int) (key >> 32);
    return Float.intBitsToFloat(bits ^ ((bits >> 31) & 0x7fffffff));
  }

  /**
   * Adds an entry.
   *
   * @param score its score, not NaN
   * @param node its node
   */
  public void push(float score, int node) {
    long key = key(score, node);
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    long[] k = keys;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long p = k[parent];
      if (key >= p) {
        break;
      }
      k[i] = p;
      i = parent;
    }
    k[i] = key;
  }

  /**
   * Replaces the top entry: {@link #pop()} then {@link #push}, in one pass down the heap
   * instead of one down and one up. The heap must not be empty.
   *
   * @param score the new entry's score, not NaN
   * @param node its node
   */
  public void replaceTop(float score, int node) {
    siftDown(key(score, node), size);
  }

  /** Removes the top entry; the heap must not be empty. */
  public void pop() {
    int last = --size;
    if (last > 0) {
      siftDown(keys[last], last);
    }
  }

  private long key(float score, int node) {
    long key = ((long) sortable(score) << 32) | (node & 0xFFFFFFFFL);
    return maxFirst ? ~key : key;
  }

  /** Places {@code key} from the root down, in a heap of {@code n} entries. */
  private void siftDown(long key, int n) {
    long[] k = keys;
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long c = k[child];
      int right = child + 1;
      if (right < n && k[right] < c) {
        child = right;
        c = k[right];
      }
      if (c >= key) {
        break;
      }
      k[i] = c;
      i = child;
    }
    k[i] = key;
  }
}
