package io.github.vectorrecall.hnsw.internal;

import java.util.Arrays;

/**
 * A binary heap of (score, node) pairs on two primitive arrays, ordered best-first (a max-heap,
 * for candidates to expand) or worst-first (a min-heap, for the results kept so far). Reused
 * across searches: {@link #clear()} keeps the arrays.
 */
public final class ScoreHeap {
  private final boolean maxFirst;
  private float[] scores;
  private int[] nodes;
  private int size;

  /**
   * Creates a heap.
   *
   * @param maxFirst true for the highest score on top, false for the lowest
   * @param capacity initial capacity; it grows as needed
   */
  public ScoreHeap(boolean maxFirst, int capacity) {
    this.maxFirst = maxFirst;
    this.scores = new float[Math.max(4, capacity)];
    this.nodes = new int[Math.max(4, capacity)];
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
    return scores[0];
  }

  /** @return the top entry's node; the heap must not be empty */
  public int topNode() {
    return nodes[0];
  }

  private boolean above(float a, float b) {
    return maxFirst ? a > b : a < b;
  }

  /**
   * Adds an entry.
   *
   * @param score its score
   * @param node its node
   */
  public void push(float score, int node) {
    if (size == scores.length) {
      scores = Arrays.copyOf(scores, size * 2);
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!above(score, scores[parent])) {
        break;
      }
      scores[i] = scores[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    scores[i] = score;
    nodes[i] = node;
  }

  /** Removes the top entry; the heap must not be empty. */
  public void pop() {
    int last = --size;
    if (last == 0) {
      return;
    }
    float s = scores[last];
    int n = nodes[last];
    int i = 0;
    int half = last >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < last && above(scores[right], scores[child])) {
        child = right;
      }
      if (!above(scores[child], s)) {
        break;
      }
      scores[i] = scores[child];
      nodes[i] = nodes[child];
      i = child;
    }
    scores[i] = s;
    nodes[i] = n;
  }
}
