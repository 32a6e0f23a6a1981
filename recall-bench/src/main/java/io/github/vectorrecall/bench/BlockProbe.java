package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A diagnostic, not a benchmark: one {@code hnsw} index with int8 codes on user-like data
 * ({@link UserLikeVectors}), then, block after block of 200 queries, each given search mode in
 * turn, printing per block its wall-clock P50 and P99, the median thread CPU time of a query (a
 * slow block whose CPU time is as slow ran slower code or waited on memory; one whose CPU time is
 * not was descheduled) and the bytes the search thread allocated per query (the JIT's warm-up
 * shows as megabytes a query in the first blocks; a steady state that allocates in proportion
 * to the catalog is a bug: that is how the int8 scan's {@code VectorMask.toLong()} garbage was
 * found), and the block's recall@K against the exact float search. Run it under a profiler to see where a mode's time goes, for example async-profiler
 * (Maven Central {@code tools.profiler:async-profiler:3.0} holds {@code
 * linux-x64/libasyncProfiler.so}):
 *
 * <pre>{@code
 * java -agentpath:linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,file=walk.collapsed,collapsed \
 *     -Xms4g -Xmx4g --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar \
 *     io.github.vectorrecall.bench.BlockProbe --items 200000 --dim 64 --k 100 \
 *     --modes GRAPH_INT8:750 --blocks 40
 * }</pre>
 */
public final class BlockProbe {
  private static final int BLOCK = 200;

  private BlockProbe() {}

  /**
   * Runs the probe.
   *
   * @param args {@code --name value} options: items (200000), dim (64), k (100,500: each K in
   *     turn), modes (EXACT_INT8,EXACT,GRAPH_INT8:1600; MODE or MODE:ef), blocks per K (12),
   *     build-threads (2)
   */
  public static void main(String[] args) {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "200000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "64"));
    int[] ks = ReferenceRun.ints(o.getOrDefault("k", "100,500"));
    String[] modes = o.getOrDefault("modes", "EXACT_INT8,EXACT,GRAPH_INT8:1600").split(",");
    int blocks = Integer.parseInt(o.getOrDefault("blocks", "12"));
    int threads = Integer.parseInt(o.getOrDefault("build-threads", "2"));
    UserLikeVectors.Sample sample = UserLikeVectors.builder(dim).build()
        .generate(items, 5 * BLOCK);
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    IndexConfig config = IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16)
        .efConstruction(200).expectedSize(items).buildThreads(threads)
        .quantization(Quantization.INT8).build();
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    float[][] queries = sample.queries();
    long[] wall = new long[BLOCK];
    long[] cpu = new long[BLOCK];
    try (AnnIndex index = AnnIndex.create("hnsw", config)) {
      long t0 = System.nanoTime();
      index.addAll(ids, sample.items());
      System.out.printf(Locale.ROOT, "%d x %d user-like items, built in %.1f s; JVM %s%n",
          items, dim, (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"));
      for (int k : ks) {
        TopK[] truth = new TopK[5 * BLOCK];
        for (int q = 0; q < truth.length; q++) {
          truth[q] = index.search(queries[q], k, null, 0, SearchMode.EXACT);
        }
        for (int b = 0; b < blocks; b++) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "K %d block %2d:", k,
              b));
          int first = (b % 5) * BLOCK;
          for (String m : modes) {
            String[] p = m.split(":");
            SearchMode mode = SearchMode.valueOf(p[0]);
            int ef = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            long bytes = mx.getCurrentThreadAllocatedBytes();
            TopK[] found = new TopK[BLOCK];
            for (int q = 0; q < BLOCK; q++) {
              long start = System.nanoTime();
              long c0 = mx.getCurrentThreadCpuTime();
              found[q] = index.search(queries[first + q], k, null, ef, mode);
              cpu[q] = mx.getCurrentThreadCpuTime() - c0;
              wall[q] = System.nanoTime() - start;
            }
            bytes = mx.getCurrentThreadAllocatedBytes() - bytes;
            long hits = 0;
            for (int q = 0; q < BLOCK; q++) {
              for (long id : found[q].ids()) {
                hits += truth[first + q].contains(id) ? 1 : 0;
              }
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            line.append(String.format(Locale.ROOT,
                "  %s P50 %.2f P99 %.2f cpu %.2f ms %.1f KB recall %.4f", m, wall[BLOCK / 2] / 1e6,
                wall[BLOCK * 99 / 100] / 1e6, cpu[BLOCK / 2] / 1e6, bytes / (double) BLOCK / 1024,
                hits / (double) (BLOCK * k)));
          }
          System.out.println(line);
        }
      }
    }
  }
}
