package io.github.vectorrecall.train.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hit rate and NDCG of one held-out item per user, from the item's rank: HR@K is the share of
 * users whose item ranks within K, NDCG@K the mean of 1 / log2(rank + 1) over those users (0 for
 * the others). The trainer's early stopping and the {@link Evaluator} both use it.
 */
public final class RankingMetrics {
  private final int[] hitCutoffs;
  private final int[] ndcgCutoffs;
  private final double[] hits;
  private final double[] gains;
  private int count;

  /**
   * Starts an empty accumulation.
   *
   * @param hitCutoffs the K of each HR@K reported, in report order
   * @param ndcgCutoffs the K of each NDCG@K reported, in report order
   * @throws IllegalArgumentException if a cut-off is not positive
   */
  public RankingMetrics(int[] hitCutoffs, int[] ndcgCutoffs) {
    this.hitCutoffs = checked(hitCutoffs);
    this.ndcgCutoffs = checked(ndcgCutoffs);
    this.hits = new double[hitCutoffs.length];
    this.gains = new double[ndcgCutoffs.length];
  }

  private static int[] checked(int[] cutoffs) {
    for (int k : cutoffs) {
      if (k <= 0) {
        throw new IllegalArgumentException("cut-offs must be positive; k=" + k);
      }
    }
    return cutoffs.clone();
  }

  /**
   * The rank of {@code scores[target]}: 1 plus the number of other scores strictly above it
   * (ties go to the target). Scores of excluded items should be negative infinity.
   *
   * @param scores one score per candidate
   * @param target the held-out item's index
   * @return the rank, from 1
   */
  public static int rank(float[] scores, int target) {
    float ts = scores[target];
    int rank = 1;
    for (int i = 0; i < scores.length; i++) {
      if (i != target && scores[i] > ts) {
        rank++;
      }
    }
    return rank;
  }

  /**
   * Adds one user's rank.
   *
   * @param rank the held-out item's rank, from 1 ({@link Integer#MAX_VALUE} when not found)
   * @throws IllegalArgumentException if below 1
   */
  public void add(int rank) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be at least 1; rank=" + rank);
    }
    for (int i = 0; i < hitCutoffs.length; i++) {
      hits[i] += rank <= hitCutoffs[i] ? 1 : 0;
    }
    for (int i = 0; i < ndcgCutoffs.length; i++) {
      gains[i] += rank <= ndcgCutoffs[i] ? 1 / (Math.log(rank + 1) / Math.log(2)) : 0;
    }
    count++;
  }

  /**
   * The means so far: "HR@K" for each hit cut-off, then "NDCG@K" for each NDCG cut-off.
   *
   * @return the metrics by name, in that order; empty when no rank was added
   */
  public Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (count == 0) {
      return out;
    }
    for (int i = 0; i < hitCutoffs.length; i++) {
      out.put("HR@" + hitCutoffs[i], hits[i] / count);
    }
    for (int i = 0; i < ndcgCutoffs.length; i++) {
      out.put("NDCG@" + ndcgCutoffs[i], gains[i] / count);
    }
    return out;
  }
}
