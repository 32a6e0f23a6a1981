package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.IndexTuner;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchChoice;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.SearchPlan;
import io.github.vectorrecall.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The planner against every forced search mode (issue 16): user-like data ({@link
 * UserLikeVectors}), one {@code hnsw} index with int8 codes, and for each K a {@link SearchPlan}
 * measured by {@link IndexTuner#plan} on sample queries; then, on other queries, each forced
 * mode at the smallest ef the plan found to reach the recall target, and {@code AUTO} (the
 * plan's choice for the target, through the same call as the forced mode it chose), taking
 * turns in blocks of 200 queries ({@code -Dmodes.block=}), in a seeded random order per block,
 * over rounds, so that machine noise hits them all alike.
 * Prints recall@K against the exact result, P50 and P99 per option, and AUTO's ratio to the
 * best forced mode; and the int8 scan against the float scan.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar \
 *     io.github.vectorrecall.bench.ModesRun --items 200000 --dim 64 --k 100,500
 * }</pre>
 */
public final class ModesRun {
  /** Consecutive queries an option runs before the next takes its turn. */
  private static final int BLOCK_QUERIES = Integer.getInteger("modes.block", 200);

  private ModesRun() {}

  private record Option(String name, SearchMode mode, int ef) {}

  /**
   * Runs the comparison.
   *
   * @param args {@code --name value} options: items (200000), dim (64), k (100,500), target
   *     (0.95), plan-queries (300), queries (1000), rounds (3), build-threads (2)
   */
  public static void main(String[] args) {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "200000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "64"));
    int[] ks = ReferenceRun.ints(o.getOrDefault("k", "100,500"));
    double target = Double.parseDouble(o.getOrDefault("target", "0.95"));
    int planQueries = Integer.parseInt(o.getOrDefault("plan-queries", "300"));
    int queries = Integer.parseInt(o.getOrDefault("queries", "1000"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    int threads = Integer.parseInt(o.getOrDefault("build-threads", "2"));

    UserLikeVectors.Sample sample = UserLikeVectors.builder(dim).build()
        .generate(items, planQueries + queries);
    float[][] all = sample.queries();
    float[][] planQs = Arrays.copyOfRange(all, 0, planQueries);
    float[][] testQs = Arrays.copyOfRange(all, planQueries, all.length);
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    System.out.printf(Locale.ROOT, "Data: user-like, %d items x %d, %d plan queries, %d test "
        + "queries; JVM %s, %s%n", items, dim, planQueries, queries,
        System.getProperty("java.version"), ModuleLayer.boot().findModule("jdk.incubator.vector")
            .isPresent() ? "vector module" : "scalar");
    IndexConfig config = IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16)
        .efConstruction(200).expectedSize(items).buildThreads(threads)
        .quantization(Quantization.INT8).build();
    try (AnnIndex index = AnnIndex.create("hnsw", config)) {
      long t0 = System.nanoTime();
      index.addAll(ids, sample.items());
      System.out.printf(Locale.ROOT, "hnsw (int8 codes kept) built in %.1f s; %.0f bytes/item "
          + "on heap%n", (System.nanoTime() - t0) / 1e9, index.ramBytesUsed() / (double) items);
      for (int k : ks) {
        cell(index, k, target, planQs, testQs, rounds);
      }
    }
  }

  private static void cell(AnnIndex index, int k, double target, float[][] planQs,
      float[][] testQs, int rounds) {
    SearchPlan plan = IndexTuner.builder().k(k).targetRecall(target).build()
        .plan(index, planQs);
    System.out.printf(Locale.ROOT, "%n## K = %d, recall target %.2f: the plan (%d sample "
        + "queries)%n%s", k, target, planQs.length, plan.table());
    List<Option> options = new ArrayList<>();
    for (SearchMode mode : index.searchModes()) {
      if (mode == SearchMode.AUTO) {
        continue;
      }
      SearchPlan.Measurement best = null; // the first rung at the target, else the highest
      for (SearchPlan.Measurement m : plan.measurements()) {
        if (m.mode() != mode) {
          continue;
        }
        if (m.recall() >= target) {
          best = m;
          break;
        }
        if (best == null || m.recall() > best.recall()) {
          best = m;
        }
      }
      if (best != null) {
        options.add(new Option(mode.name(), mode, best.ef()));
      }
    }
    SearchChoice auto = plan.choose(k, target, index.size(), -1);
    options.add(new Option("AUTO -> " + auto.mode(), auto.mode(), auto.ef()));
    long[][] truth = new long[testQs.length][];
    for (int q = 0; q < testQs.length; q++) {
      truth[q] = index.search(testQs[q], k, null, 0, SearchMode.EXACT).ids();
      Arrays.sort(truth[q]);
    }
    // Options take turns in blocks of consecutive queries: each option runs in the steady
    // state of a stream of its own searches (as a server would), time-local machine noise hits
    // every option alike, and no block repeats the queries of the block before it (whose
    // visited nodes would still be in the caches).
    int blockSize = Math.min(BLOCK_QUERIES, testQs.length);
    int blocks = testQs.length / blockSize;
    long[][] nanos = new long[options.size()][blocks * blockSize * rounds];
    double[] hits = new double[options.size()];
    int n = options.size();
    int[] taken = new int[n];
    // Each (round, block) runs the options in a seeded random order, so that no option always
    // follows the same other one (whose cache footprint it would inherit every time).
    Random order = new Random(42);
    int[] turn = new int[n];
    int previous = -1; // the query block just run
    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < blocks; b++) {
        for (int j = 0; j < n; j++) {
          turn[j] = j;
        }
        for (int j = n - 1; j > 0; j--) {
          int t = order.nextInt(j + 1);
          int x = turn[j];
          turn[j] = turn[t];
          turn[t] = x;
        }
        if (n > 1 && (b + turn[0]) % blocks == previous) {
          int x = turn[0];
          turn[0] = turn[1];
          turn[1] = x;
        }
        for (int j = 0; j < n; j++) {
          int i = turn[j];
          Option opt = options.get(i);
          int first = ((b + i) % blocks) * blockSize;
          previous = (b + i) % blocks;
          for (int q = first; q < first + blockSize; q++) {
            long start = System.nanoTime();
            TopK top = index.search(testQs[q], k, null, opt.ef(), opt.mode());
            nanos[i][taken[i]++] = System.nanoTime() - start;
            if (r == 0) {
              for (long id : top.ids()) {
                hits[i] += Arrays.binarySearch(truth[q], id) >= 0 ? 1 : 0;
              }
            }
          }
        }
      }
    }
    double[] recall = new double[n];
    for (int i = 0; i < n; i++) {
      recall[i] = hits[i] / ((double) k * blocks * blockSize);
    }
    System.out.printf(Locale.ROOT, "%n| K = %d, %d test queries x %d rounds | ef | recall@%d | "
        + "P50 ms | P99 ms |%n|---|---:|---:|---:|---:|%n", k, testQs.length, rounds, k);
    double bestP50 = Double.MAX_VALUE;
    double bestP99 = Double.MAX_VALUE;
    double[][] p = new double[options.size()][];
    for (int i = 0; i < options.size(); i++) {
      Arrays.sort(nanos[i]);
      p[i] = new double[] {pct(nanos[i], 0.5), pct(nanos[i], 0.99)};
      Option opt = options.get(i);
      if (i < options.size() - 1 && recall[i] >= target - 0.005) {
        bestP50 = Math.min(bestP50, p[i][0]);
        bestP99 = Math.min(bestP99, p[i][1]);
      }
      System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.3f | %.3f |%n", opt.name(),
          opt.mode().graph() ? opt.ef() : 0, recall[i], p[i][0], p[i][1]);
    }
    int a = options.size() - 1;
    System.out.printf(Locale.ROOT, "AUTO chose %s; P50 %.2fx, P99 %.2fx the best forced mode "
        + "at the target (within .005)%n", auto, p[a][0] / bestP50, p[a][1] / bestP99);
  }

  private static double pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
