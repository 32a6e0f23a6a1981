package io.github.vectorrecall;

import io.github.vectorrecall.spi.VectorChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the search effort for a recall target instead of guessing it: over sample queries (use
 * real user vectors, not items: they are harder), measures recall@K against an exact index and
 * per-query latency for a ladder of ef values, and returns the smallest ef that reaches the
 * target, with the whole table.
 *
 * <pre>{@code
 * IndexTuner.Result r = IndexTuner.builder().k(500).targetRecall(0.95).build()
 *     .tune(index, exact, sampleUserVectors);
 * RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(500).ef(r.ef())
 *     .build();
 * }</pre>
 */
public final class IndexTuner {
  private static final Logger LOG = LoggerFactory.getLogger(IndexTuner.class);
  /** Rounds of the plan's timing pass, every option once a round. */
  static final int TIMING_ROUNDS = 3;
  /** The ef values tried by default, smallest first (an unmodifiable list). */
  public static final List<Integer> DEFAULT_LADDER =
      List.of(50, 100, 200, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400);

  private final int k;
  private final double targetRecall;
  private final int[] ladder;

  private IndexTuner(Builder b) {
    this.k = b.k;
    this.targetRecall = b.targetRecall;
    this.ladder = b.ladder.clone();
  }

  /**
   * Starts a builder: K = 100, target recall 0.95, {@link #DEFAULT_LADDER}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** One rung of the ladder. */
  public record Row(int ef, double recall, double p50Millis, double p99Millis) {}

  /**
   * What the tuner found.
   *
   * @param ef the smallest ef that reached the target, or the largest tried if none did
   * @param reached whether any ef reached the target
   * @param rows every ef measured, in order
   */
  public record Result(int ef, boolean reached, List<Row> rows) {
    /**
     * The table, one line per ef.
     *
     * @return a printable table
     */
    public String table() {
      StringBuilder b = new StringBuilder("    ef   recall   P50 ms   P99 ms\n");
      for (Row r : rows) {
        b.append(String.format(Locale.ROOT, "%6d   %.4f   %6.3f   %6.3f%s%n", r.ef(), r.recall(),
            r.p50Millis(), r.p99Millis(), r.ef() == ef ? "   <- chosen" : ""));
      }
      return b.toString();
    }
  }

  /**
   * Measures the ladder until the target is reached.
   *
   * @param index the index to tune
   * @param exact an exact index over the same ids and vectors (the ground truth)
   * @param queries sample queries, at least one
   * @return the chosen ef and the table
   * @throws IllegalArgumentException if there are no queries or K exceeds the index size
   */
  public Result tune(AnnIndex index, AnnIndex exact, float[][] queries) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(exact, "exact");
    Objects.requireNonNull(queries, "queries");
    if (queries.length == 0) {
      throw new IllegalArgumentException("no sample queries to tune on");
    }
    long[][] truth = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      truth[q] = exact.search(queries[q], k).ids();
      Arrays.sort(truth[q]);
    }
    List<Row> rows = new ArrayList<>();
    for (int ef : ladder) {
      double[] m = measure(index, queries, truth, k, ef, SearchMode.AUTO);
      Row row = new Row(ef, m[0], m[1], m[2]);
      rows.add(row);
      LOG.info("ef {}: recall@{} {} P50 {} ms P99 {} ms", ef, k,
          String.format(Locale.ROOT, "%.4f", row.recall()),
          String.format(Locale.ROOT, "%.3f", row.p50Millis()),
          String.format(Locale.ROOT, "%.3f", row.p99Millis()));
      if (row.recall() >= targetRecall) {
        return new Result(ef, true, List.copyOf(rows));
      }
    }
    LOG.warn("No ef up to {} reached recall@{} {}; using the largest", ladder[ladder.length - 1],
        k, targetRecall);
    return new Result(ladder[ladder.length - 1], false, List.copyOf(rows));
  }

  /**
   * Measures every search mode the index offers ({@link AnnIndex#searchModes()}) at this tuner's
   * K: the scans once, the graph modes up the ladder until recall@K passes .995 or a rung costs
   * twice the float scan; then times all those options again in turn, over {@value
   * #TIMING_ROUNDS} rounds, so that machine noise spreads over all of them. The exact result
   * comes from the index's own {@link SearchMode#EXACT}. A pass over every mode warms the JIT
   * before anything is timed. It costs about (options × (1 + rounds)) passes over the queries:
   * seconds for a few hundred queries on 100K items. Use real user vectors from
   * the encoder as queries, not items: they are harder.
   *
   * <pre>{@code
   * SearchPlan plan = IndexTuner.builder().k(500).build().plan(index, sampleUserVectors);
   * RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(500)
   *     .plan(plan).recallTarget(0.95).build();
   * }</pre>
   *
   * @param index the index, offering {@link SearchMode#EXACT}
   * @param queries sample queries, at least one
   * @return the measured plan
   * @throws IllegalArgumentException if there are no queries, K exceeds the index size, or the
   *     index does not offer {@link SearchMode#EXACT}
   */
  public SearchPlan plan(AnnIndex index, float[][] queries) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(queries, "queries");
    if (queries.length == 0) {
      throw new IllegalArgumentException("no sample queries to plan on");
    }
    if (!index.searchModes().contains(SearchMode.EXACT)) {
      throw new IllegalArgumentException("planning needs an index that offers search mode EXACT; "
          + "the " + index.provider() + " index offers " + index.searchModes());
    }
    long[][] truth = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      truth[q] = index.search(queries[q], k, null, 0, SearchMode.EXACT).ids();
      Arrays.sort(truth[q]);
    }
    List<SearchMode> modes = new ArrayList<>();
    for (SearchMode mode : SearchMode.values()) {
      if (mode != SearchMode.AUTO && index.searchModes().contains(mode)) {
        modes.add(mode);
      }
    }
    int warmEf = Math.max(k, ladder[ladder.length / 2]);
    for (SearchMode mode : modes) {
      measure(index, queries, truth, k, warmEf, mode);
    }
    List<SearchPlan.Measurement> rows = new ArrayList<>();
    double exactP50 = Double.POSITIVE_INFINITY;
    for (SearchMode mode : modes) {
      if (!mode.graph()) {
        double[] m = measure(index, queries, truth, k, 0, mode);
        rows.add(logged(new SearchPlan.Measurement(mode, k, 0, m[0], m[1], m[2])));
        if (mode == SearchMode.EXACT) {
          exactP50 = m[1];
        }
        continue;
      }
      int last = 0;
      for (int rung : ladder) {
        int ef = Math.max(rung, k);
        if (ef == last) {
          continue;
        }
        last = ef;
        double[] m = measure(index, queries, truth, k, ef, mode);
        rows.add(logged(new SearchPlan.Measurement(mode, k, ef, m[0], m[1], m[2])));
        if (m[0] >= 0.995 || m[1] > 2 * exactP50) {
          break;
        }
      }
    }
    return new SearchPlan(index.size(), retimed(index, queries, rows));
  }

  /**
   * Times every option again, all of them in turn over {@value #TIMING_ROUNDS} rounds, so that
   * a slow stretch of the machine (another process, a collection) lands on all of them rather
   * than on the rungs that happened to run then; the ladder's own timings decide only where it
   * stops. Each round begins at another option, so that none always follows the same other one
   * (whose data would fill the caches). Recall stays as measured.
   */
  private List<SearchPlan.Measurement> retimed(AnnIndex index, float[][] queries,
      List<SearchPlan.Measurement> rows) {
    long[][] nanos = new long[rows.size()][queries.length * TIMING_ROUNDS];
    int n = rows.size();
    for (int round = 0; round < TIMING_ROUNDS; round++) {
      for (int j = 0; j < n; j++) {
        // Each round starts from another option, so that no option always runs right after
        // the same one (a float scan that has just emptied the caches, say).
        int i = (j + round * Math.max(1, n / TIMING_ROUNDS)) % n;
        SearchPlan.Measurement m = rows.get(i);
        for (int q = 0; q < queries.length; q++) {
          long start = System.nanoTime();
          index.search(queries[q], k, null, m.ef(), m.mode());
          nanos[i][round * queries.length + q] = System.nanoTime() - start;
        }
      }
    }
    List<SearchPlan.Measurement> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      SearchPlan.Measurement m = rows.get(i);
      Arrays.sort(nanos[i]);
      out.add(new SearchPlan.Measurement(m.mode(), m.k(), m.ef(), m.recall(),
          pct(nanos[i], 0.5), pct(nanos[i], 0.99)));
    }
    return out;
  }

  private static SearchPlan.Measurement logged(SearchPlan.Measurement m) {
    LOG.info("{} ef {}: recall@{} {} P50 {} ms P99 {} ms", m.mode(), m.ef(), m.k(),
        String.format(Locale.ROOT, "%.4f", m.recall()),
        String.format(Locale.ROOT, "%.3f", m.p50Millis()),
        String.format(Locale.ROOT, "%.3f", m.p99Millis()));
    return m;
  }

  /** Recall@K against sorted truth, P50 and P99 in ms, of one mode and ef over the queries. */
  private static double[] measure(AnnIndex index, float[][] queries, long[][] truth, int k,
      int ef, SearchMode mode) {
    long[] nanos = new long[queries.length];
    double hits = 0;
    for (int q = 0; q < queries.length; q++) {
      long start = System.nanoTime();
      TopK top = index.search(queries[q], k, null, ef, mode);
      nanos[q] = System.nanoTime() - start;
      int h = 0;
      for (int i = 0; i < top.size(); i++) {
        if (Arrays.binarySearch(truth[q], top.id(i)) >= 0) {
          h++;
        }
      }
      hits += (double) h / Math.max(1, truth[q].length);
    }
    Arrays.sort(nanos);
    return new double[] {hits / queries.length, pct(nanos, 0.5), pct(nanos, 0.99)};
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Builds an {@link IndexTuner}. */
  public static final class Builder {
    private int k = 100;
    private double targetRecall = 0.95;
    private int[] ladder = DEFAULT_LADDER.stream().mapToInt(Integer::intValue).toArray();

    private Builder() {}

    /**
     * @param k result size the recall is measured at
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder k(int k) {
      VectorChecks.checkPositiveK(k);
      this.k = k;
      return this;
    }

    /**
     * @param targetRecall recall@K to reach, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder targetRecall(double targetRecall) {
      if (!(targetRecall > 0 && targetRecall <= 1)) {
        throw new IllegalArgumentException(
            "targetRecall must be in (0, 1]; targetRecall=" + targetRecall);
      }
      this.targetRecall = targetRecall;
      return this;
    }

    /**
     * @param efs the ef values to try, each positive; tried in ascending order (copied)
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if empty or not positive
     */
    public Builder ladder(int... efs) {
      Objects.requireNonNull(efs, "efs");
      if (efs.length == 0 || Arrays.stream(efs).anyMatch(e -> e < 1)) {
        throw new IllegalArgumentException("ladder must hold positive ef values; got "
            + Arrays.toString(efs));
      }
      int[] sorted = efs.clone();
      Arrays.sort(sorted);
      this.ladder = sorted;
      return this;
    }

    /**
     * @return the tuner
     */
    public IndexTuner build() {
      return new IndexTuner(this);
    }
  }
}
