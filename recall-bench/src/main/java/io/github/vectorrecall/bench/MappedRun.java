package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.VectorStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hnsw} index with int8 codes, its float vectors on the heap and in a mapped file
 * ({@link VectorStorage}): heap bytes per item (as {@code ramBytesUsed} reports them, and as
 * measured around the build after full collections; run with {@code -XX:+UseSerialGC} for the
 * measured figure, since G1 counts a large array by its whole regions), and recall@K and P50 of
 * the int8 scan and the int8 walk (which read the floats only to re-rank), on the user-like data
 * of {@link ModesRun}.
 *
 * <pre>
 * java -Xms6g -Xmx6g --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar \
 *     io.github.vectorrecall.bench.MappedRun --items 200000 --dim 64 --k 500 --ef 1600
 * </pre>
 */
public final class MappedRun {
  private MappedRun() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code --name value} options: items (200000), dim (64), k (500), ef (1600),
   *     queries (500), rounds (2), build-threads (2), storage (HEAP,MAPPED), search (true; false
   *     reports the bytes per item only)
   */
  public static void main(String[] args) {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "200000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "64"));
    int k = Integer.parseInt(o.getOrDefault("k", "500"));
    int ef = Integer.parseInt(o.getOrDefault("ef", "1600"));
    int queries = Integer.parseInt(o.getOrDefault("queries", "500"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
    int threads = Integer.parseInt(o.getOrDefault("build-threads", "2"));
    boolean search = Boolean.parseBoolean(o.getOrDefault("search", "true"));
    UserLikeVectors.Sample sample = UserLikeVectors.builder(dim).build()
        .generate(items, queries);
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    System.out.printf(Locale.ROOT, "Data: user-like, %d items x %d, %d queries; JVM %s%n", items,
        dim, queries, System.getProperty("java.version"));
    for (String s : o.getOrDefault("storage", "HEAP,MAPPED").split(",")) {
      VectorStorage storage = VectorStorage.valueOf(s.trim().toUpperCase(Locale.ROOT));
      IndexConfig config = IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16)
          .efConstruction(200).expectedSize(items).buildThreads(threads)
          .quantization(Quantization.INT8).vectorStorage(storage).build();
      long heapBefore = heapUsedAfterGc();
      try (AnnIndex index = AnnIndex.create("hnsw", config)) {
        long t0 = System.nanoTime();
        index.addAll(ids, sample.items());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%n%s: built in %.1f s; %.1f bytes/item on heap "
            + "(ramBytesUsed), %.1f measured (heap used after a GC, less before the index)%n",
            storage, seconds, index.ramBytesUsed() / (double) items,
            (heapUsedAfterGc() - heapBefore) / (double) items);
        if (search) {
          measure(index, sample.queries(), k, ef, rounds);
        }
      }
    }
  }

  /**
   * Heap in use once a few full collections have run: what stays reachable, with the data held
   * throughout, so that the difference around the build is the index's (and what its build left
   * reachable, such as a thread's search buffers).
   */
  private static long heapUsedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void measure(AnnIndex index, float[][] queries, int k, int ef, int rounds) {
    long[][] truth = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      truth[q] = index.search(queries[q], k, null, 0, SearchMode.EXACT).ids();
      Arrays.sort(truth[q]);
    }
    SearchMode[] modes = {SearchMode.EXACT_INT8, SearchMode.GRAPH_INT8};
    long[][] nanos = new long[modes.length][queries.length * rounds];
    double[] hits = new double[modes.length];
    for (int r = 0; r < rounds; r++) {
      for (int m = 0; m < modes.length; m++) {
        for (int q = 0; q < queries.length; q++) {
          long start = System.nanoTime();
          TopK top = index.search(queries[q], k, null, ef, modes[m]);
          nanos[m][r * queries.length + q] = System.nanoTime() - start;
          for (long id : top.ids()) {
            hits[m] += r == 0 && Arrays.binarySearch(truth[q], id) >= 0 ? 1 : 0;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "| mode | ef | recall@%d | P50 ms |%n|---|---:|---:|---:|%n", k);
    for (int m = 0; m < modes.length; m++) {
      long[] t = nanos[m];
      Arrays.sort(t);
      System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.3f |%n", modes[m],
          modes[m] == SearchMode.GRAPH_INT8 ? String.valueOf(ef) : "",
          hits[m] / ((double) k * queries.length), t[t.length / 2] / 1e6);
    }
  }
}
