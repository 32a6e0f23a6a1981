package io.github.vectorrecall.train.data;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A seeded synthetic data set with structure a model can learn and popularity cannot:
 *
 * <ul>
 *   <li>Latent factors: each item has a unit taste vector near the centre of its category; each
 *       user has one near the centre of their segment.
 *   <li>Popularity skew: items get a Zipf-like popularity bias, so a popularity baseline is a
 *       real contender.
 *   <li>Feature-correlated taste: the item's category and tags, and the user's segment and age,
 *       are derived from the latent vectors, so features carry signal for new users and items.
 *   <li>Timestamps: each user's choices are spread over time in random order, so the held-out
 *       last item is a fresh draw from the same taste (no sequential pattern is planted yet).
 * </ul>
 *
 * Choices are drawn without replacement from softmax(taste × u·v + popularity) with the Gumbel
 * top-n trick. The same settings and seed always give the same data.
 */
public final class SyntheticDataset {
  /** Default number of users. */
  public static final int DEFAULT_USERS = 5000;
  /** Default number of items. */
  public static final int DEFAULT_ITEMS = 2000;
  /** Default mean interactions per user. */
  public static final int DEFAULT_MEAN_INTERACTIONS = 40;
  /** Default seed. */
  public static final long DEFAULT_SEED = 7L;

  private static final int FACTORS = 16;
  private static final int CATEGORIES = 24;
  private static final int SEGMENTS = 12;
  private static final int TAGS = 80;
  private static final String[] REGIONS = {"north", "south", "east", "west", "central"};

  private int users = DEFAULT_USERS;
  private int items = DEFAULT_ITEMS;
  private int meanInteractions = DEFAULT_MEAN_INTERACTIONS;
  private long seed = DEFAULT_SEED;
  private double taste = 10.0;
  private double popularity = 0.5;

  private SyntheticDataset() {}

  /**
   * Starts a generator with the defaults (5,000 users × 2,000 items, about 40 interactions each).
   *
   * @return a new generator
   */
  public static SyntheticDataset builder() {
    return new SyntheticDataset();
  }

  /**
   * @param users number of users
   * @return this generator
   * @throws IllegalArgumentException if below 1
   */
  public SyntheticDataset users(int users) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be positive; users=" + users);
    }
    this.users = users;
    return this;
  }

  /**
   * @param items number of items
   * @return this generator
   * @throws IllegalArgumentException if below 10
   */
  public SyntheticDataset items(int items) {
    if (items < 10) {
      throw new IllegalArgumentException("items must be at least 10; items=" + items);
    }
    this.items = items;
    return this;
  }

  /**
   * @param meanInteractions mean interactions per user (at least 3 each)
   * @return this generator
   * @throws IllegalArgumentException if below 3
   */
  public SyntheticDataset meanInteractions(int meanInteractions) {
    if (meanInteractions < 3) {
      throw new IllegalArgumentException(
          "meanInteractions must be at least 3; meanInteractions=" + meanInteractions);
    }
    this.meanInteractions = meanInteractions;
    return this;
  }

  /**
   * @param seed random seed
   * @return this generator
   */
  public SyntheticDataset seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * @param taste weight of the latent taste match against popularity (default 10)
   * @return this generator
   * @throws IllegalArgumentException if negative
   */
  public SyntheticDataset taste(double taste) {
    if (!(taste >= 0)) {
      throw new IllegalArgumentException("taste must be >= 0; taste=" + taste);
    }
    this.taste = taste;
    return this;
  }

  /**
   * Generates the data set.
   *
   * @return users with features, items with features, timestamped interactions
   */
  public Dataset generate() {
    Random rnd = new Random(seed);
    double[][] categoryCentre = gaussianRows(rnd, CATEGORIES, FACTORS, 1.0);
    double[][] segmentCentre = gaussianRows(rnd, SEGMENTS, FACTORS, 1.0);
    double[][] tagCentre = gaussianRows(rnd, TAGS, FACTORS, 1.0);
    double[] ageDirection = gaussianRows(rnd, 1, FACTORS, 1.0)[0];
    double[] priceDirection = gaussianRows(rnd, 1, FACTORS, 1.0)[0];

    double[][] itemVec = new double[items][];
    int[] itemCategory = new int[items];
    double[] itemBias = new double[items];
    List<ItemFeatures> itemList = new ArrayList<>(items);
    int[] rankOf = permutation(rnd, items);
    for (int i = 0; i < items; i++) {
      int c = (int) Math.min(CATEGORIES - 1, Math.abs(rnd.nextGaussian()) * CATEGORIES / 2.5);
      itemCategory[i] = c;
      itemVec[i] = normalize(add(categoryCentre[c], gaussianRows(rnd, 1, FACTORS, 0.6)[0]));
      itemBias[i] = -popularity * Math.log(1 + rankOf[i]);
      ItemFeatures.Builder b = ItemFeatures.builder(itemId(i)).category("c" + c);
      for (int t : nearest(tagCentre, itemVec[i], 3)) {
        b.tag("t" + t);
      }
      b.dense("price", (float) sigmoid(2 * dot(itemVec[i], priceDirection)));
      itemList.add(b.build());
    }

    List<UserFeatures> userList = new ArrayList<>(users);
    List<Interaction> interactions = new ArrayList<>(users * meanInteractions);
    double[] score = new double[items];
    long t0 = 1_700_000_000L;
    for (int u = 0; u < users; u++) {
      int s = rnd.nextInt(SEGMENTS);
      double[] uv = normalize(add(segmentCentre[s], gaussianRows(rnd, 1, FACTORS, 0.7)[0]));
      userList.add(UserFeatures.builder(userId(u))
          .categorical("segment", "s" + s)
          .categorical("region", REGIONS[rnd.nextInt(REGIONS.length)])
          .dense("age", (float) sigmoid(2 * dot(uv, ageDirection) + 0.3 * rnd.nextGaussian()))
          .build());
      int n = Math.min(items / 4, 3 + (int) (-Math.log(1 - rnd.nextDouble()) * (meanInteractions - 3)));
      for (int i = 0; i < items; i++) {
        double gumbel = -Math.log(-Math.log(rnd.nextDouble() * (1 - 1e-12) + 1e-12));
        score[i] = taste * dot(uv, itemVec[i]) + itemBias[i] + gumbel;
      }
      // The n choices happen in random order at increasing times.
      List<Integer> chosen = best(score, n);
      java.util.Collections.shuffle(chosen, rnd);
      long time = t0 + rnd.nextInt(1_000_000);
      for (int item : chosen) {
        time += 1 + rnd.nextInt(100_000);
        interactions.add(new Interaction(userId(u), itemId(item), time));
      }
    }
    return Dataset.of("synthetic-" + users + "x" + items, interactions, userList, itemList);
  }

  /** The n highest scores' indices, best first, without sorting the whole catalog. */
  private static List<Integer> best(double[] score, int n) {
    PriorityQueue<Integer> heap =
        new PriorityQueue<>(n + 1, (a, b) -> Double.compare(score[a], score[b]));
    for (int i = 0; i < score.length; i++) {
      if (heap.size() < n) {
        heap.add(i);
      } else if (score[i] > score[heap.peek()]) {
        heap.poll();
        heap.add(i);
      }
    }
    List<Integer> out = new ArrayList<>(heap);
    out.sort((a, b) -> Double.compare(score[b], score[a]));
    return out;
  }

  /** Item ids are not row numbers, to catch code that confuses the two. */
  private static long itemId(int i) {
    return 100_000L + 3L * i;
  }

  private static long userId(int u) {
    return 1_000_000L + u;
  }

  private static int[] permutation(Random rnd, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int[] nearest(double[][] centres, double[] v, int count) {
    Integer[] idx = new Integer[centres.length];
    double[] sims = new double[centres.length];
    for (int i = 0; i < centres.length; i++) {
      idx[i] = i;
      sims[i] = dot(centres[i], v);
    }
    Arrays.sort(idx, (a, b) -> Double.compare(sims[b], sims[a]));
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  private static double[][] gaussianRows(Random rnd, int rows, int dim, double std) {
    double[][] out = new double[rows][dim];
    for (double[] r : out) {
      for (int j = 0; j < dim; j++) {
        r[j] = rnd.nextGaussian() * std / Math.sqrt(dim) * 2;
      }
    }
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static double[] normalize(double[] v) {
    double n = Math.sqrt(dot(v, v));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / n;
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
