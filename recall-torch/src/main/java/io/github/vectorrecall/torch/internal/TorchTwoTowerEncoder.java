package io.github.vectorrecall.torch.internal;

import ai.djl.ndarray.NDManager;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.model.internal.UserBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained two-tower model evaluated by PyTorch through DJL: the implementation behind provider
 * {@code torch} (load it with {@code Encoder.load("torch", dir)}) and the encoder a trainer
 * returns. Internal: its factory takes the model's internal types. Vectors are L2-normalised, so
 * the metric is {@link Metric#INNER_PRODUCT} (equal to cosine).
 *
 * <p>A user id the model has not seen is encoded as a new user (the shared unknown-user row plus
 * features and behaviour); history items it has not seen are skipped. An unseen item is encoded
 * from its features. Thread-safe: each call works in its own native memory scope.
 *
 * <p>PyTorch's matrix kernels round a batch otherwise than a single row, so a user or item
 * encoded in a batch and alone can differ in the last bits (about 1e-7); each call on the same
 * inputs gives the same bits. The plain-Java encoder ({@code "java"}) encodes every row alone
 * and has no such difference.
 *
 * <p>An ensemble ({@link ModelFile#members()}) runs each member's net and concatenates their unit
 * vectors, each scaled by {@code 1/sqrt(E)}, as the plain-Java encoder does.
 */
public final class TorchTwoTowerEncoder implements Encoder {
  private final ModelFile file;
  private final ModelSpec spec;
  private final Featurizer featurizer;
  private final NDManager manager;
  private final List<TwoTowerNet> nets;
  private final float scale;
  private volatile boolean closed;

  private TorchTwoTowerEncoder(ModelFile file) {
    this.file = file;
    this.spec = file.spec();
    this.featurizer = file.featurizer();
    this.manager = NDManager.newBaseManager("PyTorch");
    List<TwoTowerNet> list = new ArrayList<>();
    for (ModelFile.Member m : file.members()) {
      list.add(TwoTowerNet.create(manager, m.spec(), m.weights(), false));
    }
    this.nets = List.copyOf(list);
    this.scale = file.ensembleScale();
  }

  /**
   * Creates an encoder from trained weights.
   *
   * @param spec layout
   * @param featurizer vocabularies
   * @param weights parameters
   * @return the encoder; the caller closes it
   */
  public static TorchTwoTowerEncoder create(
      ModelSpec spec, Featurizer featurizer, List<NamedTensor> weights) {
    return new TorchTwoTowerEncoder(new ModelFile(
        Objects.requireNonNull(spec, "spec"),
        Objects.requireNonNull(featurizer, "featurizer"),
        Objects.requireNonNull(weights, "weights")));
  }

  /**
   * Creates an encoder of a model file's members (one, or an ensemble).
   *
   * @param file the model
   * @return the encoder; the caller closes it
   */
  public static TorchTwoTowerEncoder create(ModelFile file) {
    return new TorchTwoTowerEncoder(Objects.requireNonNull(file, "file"));
  }

  /**
   * Loads a model directory.
   *
   * @param directory written by {@link #save(Path)}
   * @return the encoder; the caller closes it
   */
  public static TorchTwoTowerEncoder load(Path directory) {
    return create(ModelFile.read(directory));
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
    return encodeUsers(List.of(Objects.requireNonNull(user, "user")))[0];
  }

  @Override
  public float[][] encodeUsers(List<UserQuery> users) {
    checkOpen();
    Objects.requireNonNull(users, "users");
    if (users.isEmpty()) {
      return new float[0][];
    }
    UserBatch b = new UserBatch(users.size(), spec);
    for (int i = 0; i < users.size(); i++) {
      UserQuery q = Objects.requireNonNull(users.get(i), "users[" + i + "]");
      long[] history = q.history();
      int[] rows = new int[history.length];
      for (int j = 0; j < history.length; j++) {
        rows[j] = featurizer.itemRow(history[j]);
      }
      featurizer.fillUser(b, i, q.features(), rows, 0, rows.length);
    }
    float[][] out = new float[users.size()][dimension()];
    for (int m = 0; m < nets.size(); m++) {
      try (NDManager step = manager.newSubManager()) {
        place(nets.get(m).userTower(step, b).toFloatArray(), out, 0, m);
      }
    }
    return out;
  }

  @Override
  public float[] encodeItem(ItemFeatures item) {
    return encodeItems(List.of(Objects.requireNonNull(item, "item")))[0];
  }

  @Override
  public float[][] encodeItems(List<ItemFeatures> items) {
    checkOpen();
    Objects.requireNonNull(items, "items");
    int n = items.size();
    float[][] out = new float[n][];
    int chunk = 4096;
    for (int start = 0; start < n; start += chunk) {
      int size = Math.min(chunk, n - start);
      ItemBatch b = new ItemBatch(size, spec);
      for (int i = 0; i < size; i++) {
        featurizer.fillItem(b, i,
            Objects.requireNonNull(items.get(start + i), "items[" + (start + i) + "]"));
      }
      for (int i = 0; i < size; i++) {
        out[start + i] = new float[dimension()];
      }
      for (int m = 0; m < nets.size(); m++) {
        try (NDManager step = manager.newSubManager()) {
          place(nets.get(m).itemTower(step, b).toFloatArray(), out, start, m);
        }
      }
    }
    return out;
  }

  /**
   * Member m's rows of unit vectors into their slice of out[from..]: copied as they are for a
   * single model, scaled by 1/sqrt(E) in an ensemble.
   */
  private void place(float[] flat, float[][] out, int from, int m) {
    int d = spec.dimension();
    int rows = flat.length / d;
    for (int i = 0; i < rows; i++) {
      float[] row = out[from + i];
      if (nets.size() == 1) {
        System.arraycopy(flat, i * d, row, 0, d);
      } else {
        for (int k = 0; k < d; k++) {
          row[m * d + k] = flat[i * d + k] * scale;
        }
      }
    }
  }

  @Override
  public void save(Path directory) {
    checkOpen();
    Objects.requireNonNull(directory, "directory");
    List<ModelFile.Member> members = new ArrayList<>();
    for (TwoTowerNet net : nets) {
      members.add(new ModelFile.Member(net.spec(), net.export()));
    }
    new ModelFile(featurizer, members).write(directory);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("encoder '" + ModelFile.KIND + "' is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      nets.forEach(TwoTowerNet::close);
      manager.close();
    }
  }

}
