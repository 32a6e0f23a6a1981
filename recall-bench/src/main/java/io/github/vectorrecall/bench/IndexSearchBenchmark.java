package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The index search alone: top-K over clustered unit vectors (the reference data), one query per
 * call, queries cycled from a fixed set drawn apart from the items.
 *
 * <p>The ANN recall@K of each configuration against brute force is measured in the trial setup
 * and printed beside JMH's output, so a time is never read without its recall.
 *
 * <pre>{@code
 * java -jar recall-bench/target/benchmarks.jar IndexSearch -p provider=hnswlib -p k=500 -p ef=800
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 2, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class IndexSearchBenchmark {
  /** Index provider name. */
  @Param({"hnsw", "hnswlib", "exact"})
  public String provider;

  /** Catalog size. */
  @Param({"100000"})
  public int items;

  /** Vector dimension. */
  @Param({"128"})
  public int dimension;

  /** Result size. */
  @Param({"100", "500"})
  public int k;

  /** Search effort (ignored by exact search). */
  @Param({"800"})
  public int ef;

  /** Number of distinct queries cycled through. */
  @Param({"1000"})
  public int queries;

  private AnnIndex index;
  private float[][] queryVectors;

  /** Builds the index and measures its recall. */
  @Setup(Level.Trial)
  public void setUp() {
    ClusteredVectors data = ClusteredVectors.reference(dimension);
    float[][] vectors = data.sample(items);
    queryVectors = data.sample(queries);
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    IndexConfig config = IndexConfig.builder(dimension).metric(Metric.INNER_PRODUCT)
        .expectedSize(items).efSearch(ef).build();
    long start = System.nanoTime();
    index = AnnIndex.create(provider, config);
    index.addAll(ids, vectors);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    try (AnnIndex exact = AnnIndex.create("exact", config)) {
      exact.addAll(ids, vectors);
      double recall = AnnRecall.measure(index, exact, queryVectors, k, ef);
      System.out.printf(Locale.ROOT, "%n[recall] provider=%s items=%d dim=%d k=%d ef=%d"
              + " recall@%d=%.4f build=%.1fs%n",
          provider, items, dimension, k, ef, k, recall, buildSeconds);
    }
  }

  /** Closes the index. */
  @TearDown(Level.Trial)
  public void tearDown() {
    index.close();
  }

  /**
   * One top-K search.
   *
   * @param cursor this thread's position in the queries
   * @return the result, consumed by JMH
   */
  @Benchmark
  public TopK search(Cursor cursor) {
    return index.search(queryVectors[cursor.next(queryVectors.length)], k, null, ef);
  }
}
