package io.github.vectorrecall.train.eval;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The evaluation protocol: for each evaluated user, rank the whole catalog minus the user's known
 * history, and report HR@K and NDCG@K (K = 10, 50, 100, 500; a K larger than the catalog is left
 * out; {@link RankingMetrics}) and coverage@50. The same ranking serves the model (exact scores),
 * the model through an {@link AnnIndex}, and the popularity baseline.
 */
public final class Evaluator {
  /** Which held-out item is the target. */
  public enum Target {
    /** Known history = train; target = validation item (model selection). */
    VALIDATION,
    /** Known history = train + validation; target = test item (final figures). */
    TEST
  }

  /** Cut-offs reported. */
  public static final int[] KS = {10, 50, 100, 500};
  /** Cut-off of the coverage figure. */
  public static final int COVERAGE_K = 50;

  private final long[] catalog;
  private final Map<Long, Integer> rowOf;
  private final List<LeaveLastOutSplit.Case> cases;
  private final Target target;
  private final int[][] historyRows;
  private final int[] targetRows;

  /**
   * Creates an evaluator.
   *
   * @param split the split
   * @param catalog every catalog item id, in the order of the item vectors passed later
   * @param target which held-out item to score
   */
  public Evaluator(LeaveLastOutSplit split, long[] catalog, Target target) {
    this.catalog = catalog.clone();
    this.rowOf = new HashMap<>(catalog.length * 2);
    for (int i = 0; i < catalog.length; i++) {
      rowOf.put(catalog[i], i);
    }
    this.cases = split.cases();
    this.target = Objects.requireNonNull(target, "target");
    this.historyRows = new int[cases.size()][];
    this.targetRows = new int[cases.size()];
    for (int c = 0; c < cases.size(); c++) {
      long[] h = history(c);
      int[] rows = new int[h.length];
      for (int i = 0; i < h.length; i++) {
        rows[i] = row(h[i]);
      }
      historyRows[c] = rows;
      LeaveLastOutSplit.Case kase = cases.get(c);
      targetRows[c] = row(target == Target.TEST ? kase.testItem() : kase.validationItem());
    }
  }

  private int row(long id) {
    Integer r = rowOf.get(id);
    if (r == null) {
      throw new IllegalArgumentException("item " + id + " of the split is not in the catalog");
    }
    return r;
  }

  /**
   * The known history of case {@code c} for this target, oldest first.
   *
   * @param c case index
   * @return item ids
   */
  public long[] history(int c) {
    LeaveLastOutSplit.Case k = cases.get(c);
    return target == Target.TEST ? k.trainAndValidation() : k.train();
  }

  /**
   * Number of evaluated users.
   *
   * @return cases
   */
  public int size() {
    return cases.size();
  }

  /**
   * The evaluated users.
   *
   * @return the cases, in evaluation order
   */
  public List<LeaveLastOutSplit.Case> cases() {
    return cases;
  }

  /**
   * Metrics of exact (full) ranking by inner product of user and item vectors.
   *
   * @param itemVectors one vector per catalog item, catalog order
   * @param userVectors one vector per case
   * @return metrics by name
   */
  public Map<String, Double> exact(float[][] itemVectors, float[][] userVectors) {
    Accumulator acc = new Accumulator();
    float[] scores = new float[catalog.length];
    for (int c = 0; c < cases.size(); c++) {
      for (int i = 0; i < catalog.length; i++) {
        scores[i] = Metric.dot(userVectors[c], itemVectors[i]);
      }
      acc.add(c, scores);
    }
    return acc.result();
  }

  /**
   * Metrics of the popularity baseline: items ranked by interaction count in {@code known}.
   *
   * @param known the interactions the baseline may count (train, or train + validation)
   * @return metrics by name
   */
  public Map<String, Double> popularity(Dataset known) {
    float[] counts = new float[catalog.length];
    for (Interaction x : known.interactions()) {
      Integer r = rowOf.get(x.itemId());
      if (r != null) {
        counts[r] += 1f;
      }
    }
    // Break count ties by catalog order, deterministically.
    for (int i = 0; i < counts.length; i++) {
      counts[i] -= i * 1e-7f / counts.length;
    }
    Accumulator acc = new Accumulator();
    for (int c = 0; c < cases.size(); c++) {
      acc.add(c, counts.clone());
    }
    return acc.result();
  }

  /**
   * Metrics of ranking through an index: one filtered search per user (history excluded inside
   * the search) for the largest applicable K.
   *
   * @param index the item index
   * @param userVectors one vector per case
   * @param ef search effort
   * @return metrics by name
   */
  public Map<String, Double> ann(AnnIndex index, float[][] userVectors, int ef) {
    int maxK = Math.min(KS[KS.length - 1], index.size());
    RankingMetrics ranks = rankingMetrics();
    Set<Long> covered = new HashSet<>();
    for (int c = 0; c < cases.size(); c++) {
      TopK top = index.search(userVectors[c], maxK, IdFilter.excluding(history(c)),
          Math.max(ef, maxK));
      long targetId = catalog[targetRows[c]];
      int rank = Integer.MAX_VALUE;
      for (int i = 0; i < top.size(); i++) {
        if (top.id(i) == targetId) {
          rank = i + 1;
          break;
        }
      }
      for (int i = 0; i < Math.min(COVERAGE_K, top.size()); i++) {
        covered.add(top.id(i));
      }
      ranks.add(rank);
    }
    return finish(ranks, covered.size());
  }

  /**
   * ANN recall@k: the mean fraction of the exact top-k (by inner product, history excluded) that
   * the index returns.
   *
   * @param index the item index
   * @param itemVectors one vector per catalog item, catalog order
   * @param userVectors one vector per case
   * @param k the cut-off
   * @param ef search effort
   * @return the recall in [0, 1]
   */
  public double annRecall(AnnIndex index, float[][] itemVectors, float[][] userVectors, int k,
      int ef) {
    double sum = 0;
    float[] scores = new float[catalog.length];
    for (int c = 0; c < cases.size(); c++) {
      for (int i = 0; i < catalog.length; i++) {
        scores[i] = Metric.dot(userVectors[c], itemVectors[i]);
      }
      for (int r : historyRows[c]) {
        scores[r] = Float.NEGATIVE_INFINITY;
      }
      int kk = Math.min(k, catalog.length - historyRows[c].length);
      int[] truth = topRows(scores, kk);
      TopK got = index.search(userVectors[c], kk, IdFilter.excluding(history(c)),
          Math.max(ef, kk));
      Set<Long> gotIds = new HashSet<>();
      for (int i = 0; i < got.size(); i++) {
        gotIds.add(got.id(i));
      }
      int hits = 0;
      for (int r : truth) {
        hits += gotIds.contains(catalog[r]) ? 1 : 0;
      }
      sum += (double) hits / Math.max(1, kk);
    }
    return sum / Math.max(1, cases.size());
  }

  /** Indices of the k largest scores, best first. */
  static int[] topRows(float[] scores, int k) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Float.compare(scores[b], scores[a]));
    int[] out = new int[Math.min(k, idx.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** HR@K and NDCG@K for every K of {@link #KS} the catalog holds. */
  private RankingMetrics rankingMetrics() {
    int[] ks = Arrays.stream(KS).filter(k -> k <= catalog.length).toArray();
    return new RankingMetrics(ks, ks);
  }

  private Map<String, Double> finish(RankingMetrics ranks, int covered) {
    Map<String, Double> out = new LinkedHashMap<>(ranks.means());
    out.put("coverage@" + COVERAGE_K, (double) covered / catalog.length);
    return out;
  }

  /** Ranks the target among non-history items and collects coverage. */
  private final class Accumulator {
    private final RankingMetrics ranks = rankingMetrics();
    private final boolean[] covered = new boolean[catalog.length];

    void add(int c, float[] scores) {
      for (int r : historyRows[c]) {
        scores[r] = Float.NEGATIVE_INFINITY;
      }
      ranks.add(RankingMetrics.rank(scores, targetRows[c]));
      markTop(scores);
    }

    private void markTop(float[] scores) {
      int k = Math.min(COVERAGE_K, scores.length);
      int[] heap = new int[k];
      int n = 0;
      for (int i = 0; i < scores.length; i++) {
        if (scores[i] == Float.NEGATIVE_INFINITY) {
          continue;
        }
        if (n < k) {
          heap[n] = i;
          int j = n++;
          while (j > 0 && scores[heap[(j - 1) / 2]] > scores[heap[j]]) {
            swap(heap, j, (j - 1) / 2);
            j = (j - 1) / 2;
          }
        } else if (scores[i] > scores[heap[0]]) {
          heap[0] = i;
          int j = 0;
          while (true) {
            int l = 2 * j + 1;
            int r = l + 1;
            int m = j;
            if (l < n && scores[heap[l]] < scores[heap[m]]) {
              m = l;
            }
            if (r < n && scores[heap[r]] < scores[heap[m]]) {
              m = r;
            }
            if (m == j) {
              break;
            }
            swap(heap, j, m);
            j = m;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        covered[heap[i]] = true;
      }
    }

    private void swap(int[] a, int i, int j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }

    Map<String, Double> result() {
      int count = 0;
      for (boolean b : covered) {
        count += b ? 1 : 0;
      }
      return finish(ranks, count);
    }
  }
}
