package io.github.vectorrecall.train.eval;

import io.github.vectorrecall.Metric;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.train.data.ColdStartSplit;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The cold-start protocol's ranking ({@link ColdStartSplit}): for each user whose held-out item
 * is cold, rank <em>only the cold items</em>, minus those in the user's known history, and report
 * HR@10, HR@50 and NDCG@10 (a K larger than the cold set is left out). Three rankings: the model
 * (the inner product of the user's and the cold items' vectors), the feature-profile baseline
 * (the mean {@link ItemFeatureVectors} vector of the user's training items, that is the known
 * history without cold items, dotted with each cold item's), and random (the expected value of a
 * uniformly random order, computed exactly). Equal scores are ordered by a fixed random order
 * of the cold items, drawn from the split's seed, never in the held-out item's favour.
 */
public final class ColdStartEvaluator {
  /** Cut-offs of HR@K. */
  public static final int[] HIT_KS = {10, 50};
  /** Cut-offs of NDCG@K. */
  public static final int[] NDCG_KS = {10};

  private final ColdStartSplit split;
  private final Evaluator.Target target;
  private final List<LeaveLastOutSplit.Case> cases;
  private final long[] coldIds;
  /** Per case: the cold items' indices in its known history. */
  private final int[][] seenCold;
  private final int[] targetIndex;
  /**
   * A random order of the cold items (from the split's seed) that breaks ties between scores:
   * the feature profile gives items with the same features the same score, and ties counted in
   * the target's favour would flatter it.
   */
  private final int[] tieOrder;

  /**
   * Creates an evaluator.
   *
   * @param split the cold-start split
   * @param target which held-out item to score: the validation item (history: train) or the test
   *     item (history: train + validation)
   * @throws NullPointerException if an argument is null
   */
  public ColdStartEvaluator(ColdStartSplit split, Evaluator.Target target) {
    this.split = Objects.requireNonNull(split, "split");
    this.target = Objects.requireNonNull(target, "target");
    this.cases = split.cases(target == Evaluator.Target.VALIDATION);
    this.coldIds = split.coldIds();
    Map<Long, Integer> indexOf = new HashMap<>(coldIds.length * 2);
    for (int i = 0; i < coldIds.length; i++) {
      indexOf.put(coldIds[i], i);
    }
    this.tieOrder = new int[coldIds.length];
    for (int i = 0; i < tieOrder.length; i++) {
      tieOrder[i] = i;
    }
    Random rnd = new Random(split.seed() ^ 0x5DEECE66DL);
    for (int i = tieOrder.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int swap = tieOrder[i];
      tieOrder[i] = tieOrder[j];
      tieOrder[j] = swap;
    }
    this.seenCold = new int[cases.size()][];
    this.targetIndex = new int[cases.size()];
    for (int c = 0; c < cases.size(); c++) {
      seenCold[c] = Arrays.stream(history(c)).filter(split::isCold)
          .mapToInt(indexOf::get).toArray();
      LeaveLastOutSplit.Case k = cases.get(c);
      targetIndex[c] = indexOf.get(target == Evaluator.Target.TEST ? k.testItem()
          : k.validationItem());
    }
  }

  /**
   * The evaluated users: those whose held-out item is cold.
   *
   * @return the cases, in evaluation order
   */
  public List<LeaveLastOutSplit.Case> cases() {
    return cases;
  }

  /** @return the number of evaluated users */
  public int size() {
    return cases.size();
  }

  /**
   * The known history of case {@code c}, oldest first, cold items included: what serving
   * would pass to the encoder (which skips ids it does not know).
   *
   * @param c case index
   * @return item ids
   */
  public long[] history(int c) {
    LeaveLastOutSplit.Case k = cases.get(c);
    return target == Evaluator.Target.TEST ? k.trainAndValidation() : k.train();
  }

  /**
   * The candidates: every cold item with its features, in the order the item vectors of
   * {@link #model} follow.
   *
   * @return an unmodifiable list
   */
  public List<ItemFeatures> coldItems() {
    return split.coldItems();
  }

  /**
   * The model's metrics: cold items ranked by inner product with the user's vector.
   *
   * @param coldVectors one vector per cold item, {@link #coldItems()} order
   * @param userVectors one vector per case
   * @return metrics by name
   * @throws IllegalArgumentException if the counts do not match
   */
  public Map<String, Double> model(float[][] coldVectors, float[][] userVectors) {
    if (coldVectors.length != coldIds.length || userVectors.length != cases.size()) {
      throw new IllegalArgumentException("expected " + coldIds.length + " cold item vectors and "
          + cases.size() + " user vectors; got " + coldVectors.length + " and "
          + userVectors.length);
    }
    RankingMetrics ranks = rankingMetrics();
    for (int c = 0; c < cases.size(); c++) {
      float[] scores = new float[coldIds.length];
      for (int i = 0; i < coldIds.length; i++) {
        scores[i] = Metric.dot(userVectors[c], coldVectors[i]);
      }
      ranks.add(rank(c, scores));
    }
    return ranks.means();
  }

  /**
   * The feature-profile baseline: a user's profile is the mean feature vector of the user's
   * training items (the known history without cold items; a zero profile when none is left,
   * so every cold item ties), and each cold item scores the profile's dot product with its own
   * feature vector. The vector layout is fitted on the whole catalog.
   *
   * @return metrics by name
   */
  public Map<String, Double> featureProfile() {
    Map<Long, ItemFeatures> catalog = split.split().data().items();
    ItemFeatureVectors features = ItemFeatureVectors.fit(catalog.values());
    float[][] coldVectors = new float[coldIds.length][];
    for (int i = 0; i < coldIds.length; i++) {
      coldVectors[i] = features.vector(catalog.get(coldIds[i]));
    }
    RankingMetrics ranks = rankingMetrics();
    for (int c = 0; c < cases.size(); c++) {
      float[] profile = new float[features.dimension()];
      int count = 0;
      for (long id : history(c)) {
        if (!split.isCold(id)) {
          float[] v = features.vector(catalog.get(id));
          for (int d = 0; d < v.length; d++) {
            profile[d] += v[d];
          }
          count++;
        }
      }
      for (int d = 0; d < profile.length && count > 0; d++) {
        profile[d] /= count;
      }
      float[] scores = new float[coldIds.length];
      for (int i = 0; i < coldIds.length; i++) {
        scores[i] = Metric.dot(profile, coldVectors[i]);
      }
      ranks.add(rank(c, scores));
    }
    return ranks.means();
  }

  /**
   * The random ranking's expected metrics: with n candidates, the held-out item is at each rank
   * with probability 1/n, so HR@K is min(K, n)/n and NDCG@K the mean of 1/log2(r + 1) over
   * r ≤ min(K, n), divided by n; averaged over users.
   *
   * @return metrics by name, in {@link RankingMetrics#means()}'s order
   */
  public Map<String, Double> random() {
    int[] hitKs = cutoffs(HIT_KS);
    int[] ndcgKs = cutoffs(NDCG_KS);
    double[] hits = new double[hitKs.length];
    double[] gains = new double[ndcgKs.length];
    for (int c = 0; c < cases.size(); c++) {
      int n = coldIds.length - seenCold[c].length;
      for (int i = 0; i < hitKs.length; i++) {
        hits[i] += (double) Math.min(hitKs[i], n) / n;
      }
      for (int i = 0; i < ndcgKs.length; i++) {
        double g = 0;
        for (int r = 1; r <= Math.min(ndcgKs[i], n); r++) {
          g += 1 / (Math.log(r + 1) / Math.log(2));
        }
        gains[i] += g / n;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (cases.isEmpty()) {
      return out;
    }
    for (int i = 0; i < hitKs.length; i++) {
      out.put("HR@" + hitKs[i], hits[i] / cases.size());
    }
    for (int i = 0; i < ndcgKs.length; i++) {
      out.put("NDCG@" + ndcgKs[i], gains[i] / cases.size());
    }
    return out;
  }

  /**
   * The target's rank among the cold items not in the user's history; an item that scores the
   * same as the target is ahead of it when it comes first in {@link #tieOrder}.
   */
  private int rank(int c, float[] scores) {
    for (int i : seenCold[c]) {
      scores[i] = Float.NEGATIVE_INFINITY;
    }
    int t = targetIndex[c];
    float ts = scores[t];
    int rank = 1;
    for (int i = 0; i < scores.length; i++) {
      if (i != t && (scores[i] > ts || scores[i] == ts && tieOrder[i] < tieOrder[t])) {
        rank++;
      }
    }
    return rank;
  }

  private RankingMetrics rankingMetrics() {
    return new RankingMetrics(cutoffs(HIT_KS), cutoffs(NDCG_KS));
  }

  /** The cut-offs the cold set holds. */
  private int[] cutoffs(int[] ks) {
    return Arrays.stream(ks).filter(k -> k <= coldIds.length).toArray();
  }
}
