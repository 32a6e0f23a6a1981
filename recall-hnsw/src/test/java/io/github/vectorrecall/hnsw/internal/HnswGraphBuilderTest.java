package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HnswGraphBuilderTest {
  private static final long SEED = 20261130L;

  private static HnswGraphBuilder builder(Metric metric, int dimension, int m, float[][] vectors) {
    HnswGraph graph = new HnswGraph(dimension, m, vectors.length);
    HnswGraphBuilder b = new HnswGraphBuilder(graph, new HnswGraphSearcher(metric, dimension, m),
        metric, 50, SEED);
    long[] ids = new long[vectors.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 100 + i;
    }
    b.append(ids, vectors);
    return b;
  }

  @Test
  void select_dropsACandidateCloserToAKeptNeighbourThanToTheBase() {
    // base at the origin; node 1 sits next to node 0, node 2 in another direction
    float[][] v = {{1, 0}, {1.2f, 0.1f}, {0, 1.5f}};
    HnswGraphBuilder b = builder(Metric.L2, 2, 4, v);
    int[] cand = {0, 1, 2};
    float[] scores = {-1f, -1.45f, -2.25f};
    assertArrayEquals(new int[] {0, 2}, b.select(cand, scores, 3, 3));
  }

  @Test
  void select_keepsCandidatesInDifferentDirections_upToTheCap() {
    float[][] v = {{1, 0}, {0, 1.1f}, {-1.2f, 0}, {0, -1.3f}};
    HnswGraphBuilder b = builder(Metric.L2, 2, 4, v);
    int[] cand = {0, 1, 2, 3};
    float[] scores = {-1f, -1.21f, -1.44f, -1.69f};
    assertArrayEquals(new int[] {0, 1, 2, 3}, b.select(cand, scores, 4, 4));
    assertArrayEquals(new int[] {0, 1}, b.select(cand, scores, 4, 2));
  }

  @Test
  void select_innerProduct_dropsANearDuplicate() {
    float[][] v = {{1, 0}, {0.99f, 0.141f}, {0, 1}};
    HnswGraphBuilder b = builder(Metric.INNER_PRODUCT, 2, 4, v);
    // scores against a base (0.8, 0.6): 0.8, 0.877, 0.6; best first is 1, 0, 2
    int[] cand = {1, 0, 2};
    float[] scores = {0.8766f, 0.8f, 0.6f};
    assertArrayEquals(new int[] {1, 2}, b.select(cand, scores, 3, 3));
  }

  @Test
  void sortBestFirst_ordersByScoreDescending() {
    int[] nodes = {5, 6, 7, 8};
    float[] scores = {0.1f, 0.9f, -2f, 0.5f};
    HnswGraphBuilder.sortBestFirst(nodes, scores, 4);
    assertArrayEquals(new int[] {6, 8, 5, 7}, nodes);
    assertArrayEquals(new float[] {0.9f, 0.5f, 0.1f, -2f}, scores);
  }

  @Test
  void insert_oneThread_sameSeedGivesTheSameGraph() {
    float[][] v = new float[600][8];
    Random rnd = new Random(SEED);
    for (float[] row : v) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) rnd.nextGaussian();
      }
    }
    HnswGraphBuilder a = builder(Metric.L2, 8, 6, v);
    HnswGraphBuilder b = builder(Metric.L2, 8, 6, v);
    for (int node = 0; node < v.length; node++) {
      a.insert(node);
      b.insert(node);
    }
    HnswGraph ga = a.graph();
    HnswGraph gb = b.graph();
    assertEquals(ga.entry, gb.entry);
    assertEquals(ga.maxLevel, gb.maxLevel);
    assertArrayEquals(ga.levels, gb.levels);
    assertArrayEquals(ga.links0, gb.links0);
    for (int node = 0; node < v.length; node++) {
      assertArrayEquals(ga.upper[node], gb.upper[node], "node " + node);
    }
    int[] out = new int[13];
    // every node is linked on level 0, and no list exceeds 2M
    for (int node = 0; node < v.length; node++) {
      int n = ga.neighbours(node, 0, out);
      assertTrue(n >= 1 && n <= 12, "node " + node + " has " + n + " level-0 links");
    }
  }
}
