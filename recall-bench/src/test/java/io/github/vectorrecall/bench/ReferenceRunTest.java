package io.github.vectorrecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line's choice of user-like data parameters. */
class ReferenceRunTest {

  @Test
  void userLike_noOptions_defaults() {
    assertEquals(UserLikeVectors.builder(8).build().toString(),
        ReferenceRun.userLike(8, "").toString());
  }

  @Test
  void userLike_options_applied() {
    String s = ReferenceRun.userLike(8, "clusters=7, spread=0.25,minLiked=2,maxLiked=2,seed=3")
        .toString();
    assertTrue(s.contains("7 clusters") && s.contains("length 0.25") && s.contains("2-2 likes")
        && s.endsWith("seed 3"), s);
  }

  @Test
  void userLike_unknownOrMalformed_named() {
    assertEquals("Unknown --data-options parameter 'sigma'. Available: [clusters, "
        + "clusterSizeExponent, axes, axisDecay, spread, popularityExponent, userClusters, "
        + "minLiked, maxLiked, strayLikes, queryNoise, seed]",
        assertThrows(IllegalArgumentException.class,
            () -> ReferenceRun.userLike(8, "sigma=1")).getMessage());
    assertEquals("--data-options needs name=value pairs; got 'spread'",
        assertThrows(IllegalArgumentException.class,
            () -> ReferenceRun.userLike(8, "spread")).getMessage());
    assertEquals("liked needs 1 <= min <= max; min=4, max=3",
        assertThrows(IllegalArgumentException.class,
            () -> ReferenceRun.userLike(8, "minLiked=4,maxLiked=3")).getMessage());
  }
}
