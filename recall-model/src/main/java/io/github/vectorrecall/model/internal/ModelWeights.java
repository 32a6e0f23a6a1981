package io.github.vectorrecall.model.internal;

import io.github.vectorrecall.model.Pooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The starting weights of a two-tower model, drawn from a seeded generator, in parameter order. */
public final class ModelWeights {
  /** Name of the user-id embedding table, a row per known user and row 0 the unknown user. */
  public static final String USER_ID = "user_id";
  /** Name of the item-id embedding table, shared by the item tower and the history pooling. */
  public static final String ITEM_ID = "item_id";
  /** Name of the learned recency decay (the slow one of {@link Pooling#TWO_SCALE}), log-scale. */
  public static final String HISTORY_DECAY = "history_decay";
  /** Name of {@link Pooling#TWO_SCALE}'s fast learned decay, log-scale. */
  public static final String HISTORY_DECAY_FAST = "history_decay_fast";
  /** Initial decay per recency rank of {@link Pooling#RECENCY} and of the slow pool. */
  static final double SLOW_DECAY = 0.1;
  /** Initial decay per recency rank of {@link Pooling#TWO_SCALE}'s fast pool. */
  static final double FAST_DECAY = 0.3;

  private ModelWeights() {}

  /**
   * Fresh weights from a seeded generator: embeddings N(0, 0.05²)... scaled by width, linear
   * layers Glorot-normal, biases zero.
   *
   * @param spec layout
   * @param rnd random source
   * @return the weights, in parameter order
   */
  public static List<NamedTensor> initial(ModelSpec spec, Random rnd) {
    int e = spec.embeddingDimension();
    int h = spec.hiddenDimension();
    int d = spec.dimension();
    List<NamedTensor> out = new ArrayList<>();
    double embStd = 1.0 / Math.sqrt(e);
    out.add(gaussian(USER_ID, new long[] {spec.userRows(), e}, embStd, rnd));
    out.add(gaussian(ITEM_ID, new long[] {spec.itemRows(), e}, embStd, rnd));
    if (spec.userCatFields() > 0) {
      out.add(gaussian("user_cat", new long[] {spec.userCatRows(), e}, embStd, rnd));
    }
    if (spec.itemCatFields() > 0) {
      out.add(gaussian("item_cat", new long[] {spec.itemCatRows(), e}, embStd, rnd));
    }
    if (spec.maxTags() > 0) {
      out.add(gaussian("tag", new long[] {spec.tagRows(), e}, embStd, rnd));
    }
    if (spec.pooling() == Pooling.RECENCY || spec.pooling() == Pooling.TWO_SCALE) {
      // decay = exp(raw): starts at 0.1 per rank, so the 10th most recent item weighs e^-1.
      out.add(new NamedTensor(HISTORY_DECAY, new long[] {1},
          new float[] {(float) Math.log(SLOW_DECAY)}));
    }
    if (spec.pooling() == Pooling.TWO_SCALE) {
      // Starts at 0.3 per rank: the last item weighs 1, the 4th e^-0.9, the 10th e^-2.7, and
      // the last three items hold 59% of the weight (26% under the slow decay). Measured
      // against 1.0 and 10 (the last item alone): BENCHMARKS.md, "Two-scale history pooling".
      out.add(new NamedTensor(HISTORY_DECAY_FAST, new long[] {1},
          new float[] {(float) Math.log(FAST_DECAY)}));
    } else if (spec.pooling() == Pooling.ATTENTION) {
      out.add(gaussian("history_query", new long[] {e, 1}, embStd, rnd));
      out.add(new NamedTensor("history_pos", new long[] {1, spec.maxHistory(), 1},
          new float[spec.maxHistory()]));
    }
    for (String tower : new String[] {"user", "item"}) {
      int in = tower.equals("user") ? spec.userInputWidth() : spec.itemInputWidth();
      out.add(gaussian(tower + "_w1", new long[] {in, h}, Math.sqrt(2.0 / (in + h)), rnd));
      out.add(new NamedTensor(tower + "_b1", new long[] {h}, new float[h]));
      out.add(gaussian(tower + "_w2", new long[] {h, d}, Math.sqrt(2.0 / (h + d)), rnd));
      out.add(new NamedTensor(tower + "_b2", new long[] {d}, new float[d]));
    }
    return out;
  }

  private static NamedTensor gaussian(String name, long[] shape, double std, Random rnd) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] data = new float[Math.toIntExact(n)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (rnd.nextGaussian() * std);
    }
    return new NamedTensor(name, shape, data);
  }
}
