package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.TopK;
import java.util.Arrays;

/** ANN recall@K against an exact index over the same vectors, as shared/EVAL.md defines it. */
public final class AnnRecall {
  private AnnRecall() {}

  /**
   * Mean of |ANN top-K ∩ exact top-K| / K over the queries.
   *
   * @param ann the index measured
   * @param exact brute force over the same ids and vectors
   * @param queries query vectors
   * @param k result size
   * @param ef search effort passed to {@code ann}
   * @return recall in [0, 1]
   */
  public static double measure(AnnIndex ann, AnnIndex exact, float[][] queries, int k, int ef) {
    double sum = 0;
    for (float[] q : queries) {
      TopK truth = exact.search(q, k);
      long[] want = truth.ids();
      Arrays.sort(want);
      TopK got = ann.search(q, k, null, ef);
      int hit = 0;
      for (int i = 0; i < got.size(); i++) {
        if (Arrays.binarySearch(want, got.id(i)) >= 0) {
          hit++;
        }
      }
      sum += (double) hit / Math.max(1, want.length);
    }
    return sum / queries.length;
  }
}
