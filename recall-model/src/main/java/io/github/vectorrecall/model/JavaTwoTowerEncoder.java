package io.github.vectorrecall.model;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.model.internal.UserBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trained two towers run in plain Java on {@code float[]}: the same arithmetic as the
 * PyTorch encoder (provider {@code torch}), from the same model file, without loading PyTorch's
 * native library at all. A serving process that only answers queries needs nothing more, and skips the
 * engine start and the native library's memory.
 *
 * <pre>{@code
 * try (Encoder encoder = Encoder.load("java", Path.of("model"))) {   // a model the trainer saved
 *   float[] user = encoder.encodeUser(query);
 * }
 * }</pre>
 *
 * <p>Weights of the first layer are stored transposed so that each hidden unit's inner loop runs
 * over contiguous memory. Each thread keeps its own scratch buffers, so a call allocates only its
 * result. Equal to the DJL forward pass within 1e-5 (a test checks it on trained models).
 *
 * <p>An ensemble file ({@link ModelFile#members()}) is served as one model: each member's unit
 * vector, scaled by {@code 1/sqrt(E)}, fills its slice of one vector of {@code E} times the
 * member dimension.
 */
public final class JavaTwoTowerEncoder implements Encoder {
  /** Provider name. */
  public static final String NAME = "java";

  private final ModelSpec spec;
  private final Featurizer featurizer;
  private final ModelFile file;
  private final Member[] members;
  private final float scale;
  private final ThreadLocal<Scratch> scratch;
  /** The widest user input of the members (their poolings may differ in width). */
  private final int userInputWidth;
  private volatile boolean closed;

  /** One tower's dense layers, as the model file holds them ([input][hidden], [hidden][out]). */
  private static final class Tower {
    final int in;
    final int hidden;
    final int out;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float[] b2;

    Tower(Map<String, NamedTensor> w, String name, int in, int hidden, int out) {
      this.in = in;
      this.hidden = hidden;
      this.out = out;
      this.w1 = w.get(name + "_w1").data();
      this.b1 = w.get(name + "_b1").data();
      this.w2 = w.get(name + "_w2").data();
      this.b2 = w.get(name + "_b2").data();
    }

    /**
     * MLP with ReLU, then the same overflow-safe L2 normalisation as the DJL towers. Both layers
     * add one input's row of weights at a time ({@code h += x[i] * w1[i]}): a loop over
     * independent outputs, which the JIT turns into vector instructions, where a dot product per
     * output is a chain of dependent adds.
     */
    float[] forward(float[] x, float[] h) {
      System.arraycopy(b1, 0, h, 0, hidden);
      addRows(x, in, w1, hidden, h);
      for (int j = 0; j < hidden; j++) {
        h[j] = h[j] > 0f ? h[j] : 0f;
      }
      float[] y = b2.clone();
      addRows(h, hidden, w2, out, y);
      float max = 0f;
      for (float v : y) {
        max = Math.max(max, Math.abs(v));
      }
      float inv = 1f / (max + 1e-12f);
      double sq = 0;
      for (int k = 0; k < out; k++) {
        y[k] *= inv;
        sq += (double) y[k] * y[k];
      }
      float norm = (float) (1.0 / Math.sqrt(sq));
      for (int k = 0; k < out; k++) {
        y[k] *= norm;
      }
      return y;
    }
  }

  /**
   * {@code into += x[0..n) × w}, w a row-major [n][width] matrix: one row of w per non-zero
   * input, each a loop over independent outputs.
   */
  private static void addRows(float[] x, int n, float[] w, int width, float[] into) {
    for (int i = 0; i < n; i++) {
      float xi = x[i];
      if (xi != 0f) {
        int off = i * width;
        for (int j = 0; j < width; j++) {
          into[j] += xi * w[off + j];
        }
      }
    }
  }

  /** Per-thread buffers, shared by the members (they have one layout but for the pooling). */
  private final class Scratch {
    final UserBatch user = new UserBatch(1, spec);
    final ItemBatch item = new ItemBatch(1, spec);
    final float[] userInput = new float[userInputWidth];
    final float[] itemInput = new float[spec.itemInputWidth()];
    final float[] hidden = new float[spec.hiddenDimension()];
    final float[] weights = new float[spec.maxHistory()];
    int[] rows = new int[64];
  }

  private JavaTwoTowerEncoder(ModelFile file) {
    this.file = file;
    this.spec = file.spec();
    this.featurizer = file.featurizer();
    this.members = new Member[file.members().size()];
    int widest = 0;
    for (int m = 0; m < members.length; m++) {
      members[m] = new Member(file.members().get(m));
      widest = Math.max(widest, members[m].spec.userInputWidth());
    }
    this.userInputWidth = widest;
    this.scale = file.ensembleScale();
    this.scratch = ThreadLocal.withInitial(Scratch::new);
  }

  /** One member's towers, embedding tables and pooling parameters. */
  private static final class Member {
    final ModelSpec spec;
    final Tower userTower;
    final Tower itemTower;
    final float[] userId;
    final float[] itemId;
    final float[] userCat;
    final float[] itemCat;
    final float[] tag;
    final float historyDecay;
    final float historyDecayFast;
    final float[] historyQuery;
    final float[] historyPos;

    Member(ModelFile.Member member) {
      this.spec = member.spec();
      Map<String, NamedTensor> w = new HashMap<>();
      for (NamedTensor t : member.weights()) {
        w.put(t.name(), t);
      }
      int e = spec.embeddingDimension();
      if (e <= 0) {
        throw new IllegalStateException("embedding dimension " + e);
      }
      this.userTower = new Tower(w, "user", spec.userInputWidth(), spec.hiddenDimension(),
          spec.dimension());
      this.itemTower = new Tower(w, "item", spec.itemInputWidth(), spec.hiddenDimension(),
          spec.dimension());
      this.userId = w.get(ModelWeights.USER_ID).data();
      this.itemId = w.get(ModelWeights.ITEM_ID).data();
      this.userCat = spec.userCatFields() > 0 ? w.get("user_cat").data() : null;
      this.itemCat = spec.itemCatFields() > 0 ? w.get("item_cat").data() : null;
      this.tag = spec.maxTags() > 0 ? w.get("tag").data() : null;
      boolean recency = spec.pooling() == Pooling.RECENCY || spec.pooling() == Pooling.TWO_SCALE;
      this.historyDecay = recency
          ? (float) Math.exp(w.get(ModelWeights.HISTORY_DECAY).data()[0]) : 0f;
      this.historyDecayFast = spec.pooling() == Pooling.TWO_SCALE
          ? (float) Math.exp(w.get(ModelWeights.HISTORY_DECAY_FAST).data()[0]) : 0f;
      this.historyQuery = spec.pooling() == Pooling.ATTENTION
          ? w.get("history_query").data() : null;
      this.historyPos = spec.pooling() == Pooling.ATTENTION
          ? w.get("history_pos").data() : null;
    }

    /**
     * Clears a tower's input and writes its first parts: the id's embedding, then the mean of
     * the categorical fields' embeddings when there are any.
     *
     * @return where the next part starts
     */
    private int idAndCategories(float[] x, float[] ids, long idRow, float[] cat, long[] catRows,
        int fields) {
      int e = spec.embeddingDimension();
      Arrays.fill(x, 0f);
      System.arraycopy(ids, (int) idRow * e, x, 0, e);
      if (fields == 0) {
        return e;
      }
      meanOfRows(cat, catRows, 0, fields, e, x, e);
      return 2 * e;
    }

    /** This member's unit vector of a featurised user. */
    float[] encodeUser(UserBatch b, Scratch s) {
      int e = spec.embeddingDimension();
      float[] x = s.userInput;
      int at = idAndCategories(x, userId, b.idRows[0], userCat, b.catRows, spec.userCatFields());
      pool(b, s.weights, x, at);
      at += spec.pooledWidth();
      System.arraycopy(b.dense, 0, x, at, spec.userDenseFields());
      return userTower.forward(x, s.hidden);
    }

    /** This member's unit vector of a featurised item. */
    float[] encodeItem(ItemBatch b, Scratch s) {
      int e = spec.embeddingDimension();
      float[] x = s.itemInput;
      int at = idAndCategories(x, itemId, b.idRows[0], itemCat, b.catRows, spec.itemCatFields());
      int tags = spec.maxTags();
      if (tags > 0) {
        float count = 1e-6f;
        for (int j = 0; j < tags; j++) {
          count += b.tagMask[j];
        }
        for (int j = 0; j < tags; j++) {
          if (b.tagMask[j] != 0f) {
            addScaled(tag, (int) b.tags[j] * e, b.tagMask[j] / count, x, at, e);
          }
        }
        at += e;
      }
      System.arraycopy(b.dense, 0, x, at, spec.itemDenseFields());
      return itemTower.forward(x, s.hidden);
    }

    /**
     * The weighted mean of the sequence's item embeddings into x[at..at+e): weights
     * exp(-decay × rank), or the mask alone (the plain mean) when decay is negative.
     */
    private void weightedMean(UserBatch b, float[] w, float[] x, int at, float decay) {
      int e = spec.embeddingDimension();
      int length = spec.maxHistory();
      float total = 0f;
      for (int j = 0; j < length; j++) {
        float m = b.historyMask[j];
        w[j] = decay < 0f ? m : (float) Math.exp(-j * decay) * m;
        total += w[j];
      }
      total += 1e-6f;
      for (int j = 0; j < length; j++) {
        if (w[j] != 0f) {
          addScaled(itemId, (int) b.history[j] * e, w[j] / total, x, at, e);
        }
      }
    }

    /**
     * The pooled behaviour sequence into x[at..at+{@link ModelSpec#pooledWidth()}), as {@code
     * TwoTowerNet.pool} computes it.
     */
    private void pool(UserBatch b, float[] w, float[] x, int at) {
      int e = spec.embeddingDimension();
      int length = spec.maxHistory();
      switch (spec.pooling()) {
        case NONE:
          return;
        case MEAN:
          weightedMean(b, w, x, at, -1f);
          return;
        case RECENCY:
          weightedMean(b, w, x, at, historyDecay);
          return;
        case TWO_SCALE:
          weightedMean(b, w, x, at, historyDecay);
          weightedMean(b, w, x, at + e, historyDecayFast);
          return;
        case ATTENTION: {
          float scale = (float) Math.sqrt(e);
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < length; j++) {
            int off = (int) b.history[j] * e;
            float dot = 0f;
            for (int k = 0; k < e; k++) {
              dot += itemId[off + k] * historyQuery[k];
            }
            w[j] = dot / scale + historyPos[j] + (b.historyMask[j] - 1f) * 1e9f;
            max = Math.max(max, w[j]);
          }
          double sum = 0;
          for (int j = 0; j < length; j++) {
            w[j] = (float) Math.exp(w[j] - max);
            sum += w[j];
          }
          for (int j = 0; j < length; j++) {
            float a = (float) (w[j] / sum) * b.historyMask[j];
            if (a != 0f) {
              addScaled(itemId, (int) b.history[j] * e, a, x, at, e);
            }
          }
          return;
        }
        default:
          throw new IllegalStateException("unknown pooling " + spec.pooling());
      }
    }
  }

  /**
   * Loads a model directory written by the trainer (or by the {@code torch} encoder's
   * {@code save}).
   *
   * @param directory the model directory
   * @return the encoder
   * @throws io.github.vectorrecall.CorruptFileException if the file is damaged
   */
  public static JavaTwoTowerEncoder load(Path directory) {
    return new JavaTwoTowerEncoder(ModelFile.read(Objects.requireNonNull(directory, "directory")));
  }

  @Override
  public int dimension() {
    return file.dimension();
  }

  @Override
  public Metric metric() {
    return Metric.INNER_PRODUCT;
  }

  @Override
  public float[] encodeUser(UserQuery user) {
    checkOpen();
    Objects.requireNonNull(user, "user");
    Scratch s = scratch.get();
    long[] history = user.history();
    if (s.rows.length < history.length) {
      s.rows = new int[history.length];
    }
    for (int j = 0; j < history.length; j++) {
      s.rows[j] = featurizer.itemRow(history[j]);
    }
    UserBatch b = s.user;
    featurizer.fillUser(b, 0, user.features(), s.rows, 0, history.length);
    if (members.length == 1) {
      return members[0].encodeUser(b, s);
    }
    float[] out = new float[dimension()];
    for (int m = 0; m < members.length; m++) {
      place(members[m].encodeUser(b, s), out, m);
    }
    return out;
  }

  /** Member m's unit vector, scaled by 1/sqrt(E), into its slice of the ensemble vector. */
  private void place(float[] member, float[] out, int m) {
    int d = member.length;
    for (int k = 0; k < d; k++) {
      out[m * d + k] = member[k] * scale;
    }
  }

  private static void addScaled(float[] table, int off, float a, float[] x, int at, int e) {
    for (int k = 0; k < e; k++) {
      x[at + k] += a * table[off + k];
    }
  }

  private static void meanOfRows(float[] table, long[] rows, int from, int n, int e, float[] x,
      int at) {
    for (int f = 0; f < n; f++) {
      addScaled(table, (int) rows[from + f] * e, 1f / n, x, at, e);
    }
  }

  @Override
  public float[][] encodeUsers(List<UserQuery> users) {
    Objects.requireNonNull(users, "users");
    float[][] out = new float[users.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encodeUser(Objects.requireNonNull(users.get(i), "users[" + i + "]"));
    }
    return out;
  }

  @Override
  public float[] encodeItem(ItemFeatures item) {
    checkOpen();
    Objects.requireNonNull(item, "item");
    Scratch s = scratch.get();
    ItemBatch b = s.item;
    featurizer.fillItem(b, 0, item);
    if (members.length == 1) {
      return members[0].encodeItem(b, s);
    }
    float[] out = new float[dimension()];
    for (int m = 0; m < members.length; m++) {
      place(members[m].encodeItem(b, s), out, m);
    }
    return out;
  }

  @Override
  public float[][] encodeItems(List<ItemFeatures> items) {
    Objects.requireNonNull(items, "items");
    float[][] out = new float[items.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encodeItem(Objects.requireNonNull(items.get(i), "items[" + i + "]"));
    }
    return out;
  }

  @Override
  public void save(Path directory) {
    checkOpen();
    file.write(Objects.requireNonNull(directory, "directory"));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("encoder '" + NAME + "' is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
