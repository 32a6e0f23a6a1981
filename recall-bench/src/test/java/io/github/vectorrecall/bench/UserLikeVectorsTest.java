package io.github.vectorrecall.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The user-like generator: deterministic, unit vectors, skewed anisotropic clusters, mixtures. */
class UserLikeVectorsTest {
  private static final long SEED = 7L;
  private static final int DIM = 32;

  private static final double QUERY_NOISE = 0.3;

  /** Tighter clusters than the defaults (tuned for search difficulty), so that geometry shows. */
  private static UserLikeVectors.Builder builder(long seed) {
    return UserLikeVectors.builder(DIM).clusters(100).clusterSizeExponent(1.0).spread(0.6)
        .queryNoise(QUERY_NOISE).seed(seed);
  }

  private static UserLikeVectors.Sample sample(long seed, int items, int queries) {
    return builder(seed).build().generate(items, queries);
  }

  @Test
  void generate_sameSeed_sameData() {
    UserLikeVectors gen = builder(SEED).build();
    UserLikeVectors.Sample a = gen.generate(3000, 50);
    UserLikeVectors.Sample b = sample(SEED, 3000, 50);
    UserLikeVectors.Sample again = gen.generate(3000, 50);
    for (UserLikeVectors.Sample s : new UserLikeVectors.Sample[] {b, again}) {
      assertTrue(Arrays.deepEquals(a.items(), s.items()), "items, seed " + SEED);
      assertTrue(Arrays.deepEquals(a.queries(), s.queries()), "queries, seed " + SEED);
      for (int q = 0; q < 50; q++) {
        assertArrayEquals(a.liked(q), s.liked(q), "liked of query " + q + ", seed " + SEED);
      }
    }
    // the items do not depend on the number of queries
    assertTrue(Arrays.deepEquals(a.items(), gen.generate(3000, 7).items()), "seed " + SEED);
    assertFalse(Arrays.deepEquals(a.items(), sample(SEED + 1, 3000, 50).items()),
        "seeds " + SEED + " and " + (SEED + 1));
  }

  @Test
  void generate_itemsAndQueries_unitLength() {
    UserLikeVectors.Sample s = sample(SEED, 3000, 200);
    for (float[][] rows : new float[][][] {s.items(), s.queries()}) {
      for (float[] v : rows) {
        assertEquals(DIM, v.length);
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5, "seed " + SEED);
      }
    }
  }

  @Test
  void generate_clusterSizes_powerLawAndShuffled() {
    int n = 20_000;
    UserLikeVectors.Sample s = sample(SEED, n, 0);
    int[] sizes = s.clusterSizes();
    assertEquals(n, Arrays.stream(sizes).sum());
    // Zipf 1 over 100 clusters: the largest holds n / H(100) = 3,856, the last 39
    assertEquals(3856, sizes[0], 1);
    assertEquals(39, sizes[99], 1);
    int[] sorted = sizes.clone();
    Arrays.sort(sorted);
    int topTen = 0;
    for (int c = 90; c < 100; c++) {
      topTen += sorted[c];
    }
    assertTrue(topTen > n / 2, "10% of the clusters hold " + topTen + " of " + n);
    int[] counted = new int[sizes.length];
    int runs = 0;
    for (int i = 0; i < n; i++) {
      counted[s.clusterOf(i)]++;
      runs += i > 0 && s.clusterOf(i) == s.clusterOf(i - 1) ? 0 : 1;
    }
    assertArrayEquals(sizes, counted);
    assertTrue(runs > n / 2, "ids follow the clusters: " + runs + " runs, seed " + SEED);
  }

  @Test
  void generate_clusters_anisotropic() {
    UserLikeVectors.Sample s = sample(SEED, 20_000, 0);
    // covariance of the largest cluster's items around their mean
    double[] mean = new double[DIM];
    int count = 0;
    for (int i = 0; i < 20_000; i++) {
      if (s.clusterOf(i) == 0) {
        for (int j = 0; j < DIM; j++) {
          mean[j] += s.items()[i][j];
        }
        count++;
      }
    }
    double[][] cov = new double[DIM][DIM];
    for (int i = 0; i < 20_000; i++) {
      if (s.clusterOf(i) == 0) {
        for (int a = 0; a < DIM; a++) {
          for (int b = 0; b < DIM; b++) {
            cov[a][b] += (s.items()[i][a] - mean[a] / count) * (s.items()[i][b] - mean[b] / count);
          }
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < DIM; a++) {
      trace += cov[a][a];
    }
    // largest eigenvalue by power iteration; isotropic noise would give about trace / DIM
    double[] v = new double[DIM];
    Arrays.fill(v, 1);
    double lambda = 0;
    for (int it = 0; it < 200; it++) {
      double[] w = new double[DIM];
      for (int a = 0; a < DIM; a++) {
        for (int b = 0; b < DIM; b++) {
          w[a] += cov[a][b] * v[b];
        }
      }
      lambda = Math.sqrt(Arrays.stream(w).map(x -> x * x).sum());
      for (int a = 0; a < DIM; a++) {
        v[a] = w[a] / lambda;
      }
    }
    assertTrue(lambda > 4 * trace / DIM,
        "top axis " + lambda + " against mean " + trace / DIM + ", seed " + SEED);
  }

  @Test
  void generate_queries_nearTheItemsTheyMix() {
    UserLikeVectors.Sample s = sample(SEED, 5000, 200);
    for (int q = 0; q < 200; q++) {
      int[] liked = s.liked(q);
      assertTrue(liked.length >= UserLikeVectors.DEFAULT_MIN_LIKED
          && liked.length <= UserLikeVectors.DEFAULT_MAX_LIKED, "query " + q);
      float[] mean = new float[DIM];
      for (int i : liked) {
        for (int j = 0; j < DIM; j++) {
          mean[j] += s.items()[i][j];
        }
      }
      double cos = dot(s.queries()[q], mean) / Math.sqrt(dot(mean, mean));
      // 1 / sqrt(1 + noise^2) on average; allow one query's noise to be 1.5 times as long
      double noise = 1.5 * QUERY_NOISE;
      assertTrue(cos > 1 / Math.sqrt(1 + noise * noise),
          "query " + q + ": cosine " + cos + " with its mean, seed " + SEED);
      // and closer to the items it mixes than to the catalogue at large
      double likedScore = 0;
      for (int i : liked) {
        likedScore += dot(s.queries()[q], s.items()[i]) / liked.length;
      }
      assertTrue(likedScore > 0.3, "query " + q + ": " + likedScore + ", seed " + SEED);
    }
    double random = 0;
    for (int i = 0; i < 5000; i++) {
      random += Math.abs(dot(s.queries()[0], s.items()[i])) / 5000;
    }
    assertTrue(random < 0.3, "mean |score| over the catalogue " + random + ", seed " + SEED);
  }

  @Test
  void generate_fewerItemsThanClusters_everyQueryFromNonEmptyClusters() {
    UserLikeVectors.Sample s = sample(SEED, 10, 20);
    assertEquals(10, s.items().length);
    for (int q = 0; q < 20; q++) {
      for (int i : s.liked(q)) {
        assertTrue(i >= 0 && i < 10, "query " + q + " likes " + i);
      }
    }
  }

  @Test
  void arguments_outOfRange_named() {
    assertEquals("dimension must be at least 1; dimension=0",
        assertThrows(IllegalArgumentException.class, () -> UserLikeVectors.builder(0))
            .getMessage());
    UserLikeVectors.Builder b = UserLikeVectors.builder(DIM);
    assertEquals("clusters must be at least 1; clusters=0",
        assertThrows(IllegalArgumentException.class, () -> b.clusters(0)).getMessage());
    assertEquals("axes must be at least 1; axes=-1",
        assertThrows(IllegalArgumentException.class, () -> b.axes(-1)).getMessage());
    assertEquals("spread must be finite and at least 0; spread=NaN",
        assertThrows(IllegalArgumentException.class, () -> b.spread(Double.NaN)).getMessage());
    assertEquals("axisDecay must be finite and at least 0; axisDecay=-0.5",
        assertThrows(IllegalArgumentException.class, () -> b.axisDecay(-0.5)).getMessage());
    assertEquals("clusterSizeExponent must be finite and at least 0; clusterSizeExponent="
        + "Infinity", assertThrows(IllegalArgumentException.class,
            () -> b.clusterSizeExponent(Double.POSITIVE_INFINITY)).getMessage());
    assertEquals("popularityExponent must be finite and at least 0; popularityExponent=-1.0",
        assertThrows(IllegalArgumentException.class, () -> b.popularityExponent(-1)).getMessage());
    assertEquals("queryNoise must be finite and at least 0; queryNoise=-0.1",
        assertThrows(IllegalArgumentException.class, () -> b.queryNoise(-0.1)).getMessage());
    assertEquals("userClusters must be at least 1; userClusters=0",
        assertThrows(IllegalArgumentException.class, () -> b.userClusters(0)).getMessage());
    assertEquals("liked needs 1 <= min <= max; min=5, max=4",
        assertThrows(IllegalArgumentException.class, () -> b.liked(5, 4)).getMessage());
    assertEquals("liked needs 1 <= min <= max; min=0, max=4",
        assertThrows(IllegalArgumentException.class, () -> b.liked(0, 4)).getMessage());
    assertEquals("strayLikes must be in [0, 1]; strayLikes=1.5",
        assertThrows(IllegalArgumentException.class, () -> b.strayLikes(1.5)).getMessage());
    UserLikeVectors gen = b.clusters(3).build();
    assertEquals("itemCount must be at least 1; itemCount=0",
        assertThrows(IllegalArgumentException.class, () -> gen.generate(0, 1)).getMessage());
    assertEquals("queryCount must not be negative; queryCount=-1",
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, -1)).getMessage());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (double) a[j] * b[j];
    }
    return s;
  }
}
