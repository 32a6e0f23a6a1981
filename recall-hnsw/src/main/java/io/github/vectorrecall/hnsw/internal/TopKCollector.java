package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.TopK;

/**
 * Keeps the k best (id, score) pairs seen so far in a primitive binary min-heap: no boxing, one
 * allocation per query for the heap and one for the result.
 */
public final class TopKCollector {
  private final int k;
  private final long[] ids;
  private final float[] scores;
  private int size;

  /**
   * Creates a collector.
   *
   * @param k how many to keep
   */
  public TopKCollector(int k) {
    this.k = k;
    this.ids = new long[k];
    this.scores = new float[k];
  }

  /**
   * The worst score kept, or negative infinity while fewer than k are kept.
   *
   * @return the admission threshold
   */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : scores[0];
  }

  /**
   * Number kept so far.
   *
   * @return size
   */
  public int size() {
    return size;
  }

  /**
   * Offers a candidate.
   *
   * @param id item id
   * @param score its score, higher is better
   */
  public void offer(long id, float score) {
    if (size < k) {
      int i = size++;
      ids[i] = id;
      scores[i] = score;
      siftUp(i);
    } else if (score > scores[0]) {
      ids[0] = id;
      scores[0] = score;
      siftDown(0);
    }
  }

  private void siftUp(int i) {
    long id = ids[i];
    float s = scores[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (scores[parent] <= s) {
        break;
      }
      ids[i] = ids[parent];
      scores[i] = scores[parent];
      i = parent;
    }
    ids[i] = id;
    scores[i] = s;
  }

  private void siftDown(int i) {
    long id = ids[i];
    float s = scores[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && scores[right] < scores[child]) {
        child = right;
      }
      if (s <= scores[child]) {
        break;
      }
      ids[i] = ids[child];
      scores[i] = scores[child];
      i = child;
    }
    ids[i] = id;
    scores[i] = s;
  }

  /**
   * Empties the heap into a result, best first (ties broken by smaller id).
   *
   * @return the result
   */
  public TopK toTopK() {
    int n = size;
    long[] outIds = new long[n];
    float[] outScores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      outIds[i] = ids[0];
      outScores[i] = scores[0];
      size--;
      if (size > 0) {
        ids[0] = ids[size];
        scores[0] = scores[size];
        siftDown(0);
      }
    }
    return TopK.wrap(outIds, outScores);
  }
}
