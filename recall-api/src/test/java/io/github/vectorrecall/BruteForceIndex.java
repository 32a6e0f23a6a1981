package io.github.vectorrecall;

import io.github.vectorrecall.spi.VectorChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exact {@link AnnIndex} for tests of code above the index: scans every item, runs the same
 * argument checks as the real providers ({@link VectorChecks}), and remembers the last search's
 * K and ef. Not thread-safe; cannot be saved.
 */
class BruteForceIndex implements AnnIndex {
  private final int dimension;
  private final Metric metric;
  private final Map<Long, float[]> vectors = new LinkedHashMap<>();
  private volatile boolean closed;
  int lastK = -1;
  int lastEf = -1;

  BruteForceIndex(int dimension, Metric metric) {
    this.dimension = dimension;
    this.metric = metric;
  }

  @Override
  public String provider() {
    return "brute-force";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    checkOpen();
    return vectors.size();
  }

  @Override
  public boolean contains(long id) {
    checkOpen();
    return vectors.containsKey(id);
  }

  @Override
  public void add(long id, float[] vector) {
    checkOpen();
    if (vectors.containsKey(id)) {
      throw new IllegalArgumentException("id " + id + " is already in the index");
    }
    upsert(id, vector);
  }

  @Override
  public void upsert(long id, float[] vector) {
    checkOpen();
    vectors.put(id, VectorChecks.check("vector for id " + id, vector, dimension).clone());
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    for (int i = 0; i < ids.length; i++) {
      add(ids[i], vectors[i]);
    }
  }

  @Override
  public boolean remove(long id) {
    checkOpen();
    return vectors.remove(id) != null;
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    checkOpen();
    VectorChecks.check("query", query, dimension);
    VectorChecks.checkK(k, vectors.size());
    VectorChecks.checkEf(ef);
    lastK = k;
    lastEf = ef;
    List<Map.Entry<Long, float[]>> passing = new ArrayList<>();
    for (Map.Entry<Long, float[]> e : vectors.entrySet()) {
      if (filter == null || filter.accept(e.getKey())) {
        passing.add(e);
      }
    }
    passing.sort((a, b) -> Float.compare(metric.score(query, b.getValue()),
        metric.score(query, a.getValue())));
    int n = Math.min(k, passing.size());
    long[] ids = new long[n];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = passing.get(i).getKey();
      scores[i] = metric.score(query, passing.get(i).getValue());
    }
    return TopK.wrap(ids, scores);
  }

  @Override
  public void save(Path path) {
    throw new UnsupportedOperationException("a test index is not saved");
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index 'brute-force' is closed");
    }
  }
}
