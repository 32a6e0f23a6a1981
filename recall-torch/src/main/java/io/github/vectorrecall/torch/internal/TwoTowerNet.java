package io.github.vectorrecall.torch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.model.internal.WindowBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two towers as plain PyTorch tensor arithmetic through DJL.
 *
 * <p>User tower: [user-id embedding, mean of categorical embeddings, the behaviour sequence's
 * item-id embeddings (the table is shared with the item tower) pooled by mean, learned recency
 * decay, two learned decays side by side, or attention ({@link HistoryPooling}), dense
 * features] → linear → ReLU → linear → L2 norm. Item tower: [item-id embedding, mean of categorical
 * embeddings, mean of tag embeddings, dense features] → linear → ReLU → linear → L2 norm. No
 * batch-dependent normalisation anywhere, so an item encodes the same alone or in any batch.
 *
 * <p>Training can pool the histories of many consecutive targets of one sequence in one pass
 * ({@link #pooledWindows}), with the weights the user tower gives each history on its own.
 *
 * <p>Every intermediate array of a forward pass is created in the caller's step manager (the
 * first operand of each operation is a step array), so closing that manager frees them all.
 */
public final class TwoTowerNet implements AutoCloseable {
  private final ModelSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  /** Id tables whose lookups read a batch's gathered rows instead, {@link #readRows}. */
  private Map<String, NDArray> gathered = Map.of();
  private final HistoryPooling pooling;

  private TwoTowerNet(ModelSpec spec, NDManager manager) {
    this.spec = spec;
    this.manager = manager;
    this.pooling = new HistoryPooling(spec, params);
  }

  /**
   * Places weights into native memory.
   *
   * @param parent manager whose child will own the parameters
   * @param spec layout
   * @param weights values, as from {@link ModelWeights#initial} or a model file
   * @param trainable whether gradients are recorded for the parameters
   * @return the net; close it to free the parameters
   */
  public static TwoTowerNet create(
      NDManager parent, ModelSpec spec, List<NamedTensor> weights, boolean trainable) {
    TwoTowerNet net = new TwoTowerNet(spec, parent.newSubManager());
    for (NamedTensor t : weights) {
      NDArray a = owned(net.manager, t.data(), t.shape());
      if (trainable) {
        a.setRequiresGradient(true);
      }
      net.params.put(t.name(), a);
    }
    return net;
  }

  /**
   * A 0-dimensional constant in memory that torch allocated and owns.
   *
   * <p>Every number that enters an expression autograd records goes through here. DJL's
   * {@code x.div(2f)} wraps the number in an array over a Java buffer and closes that array as
   * soon as the call returns, while autograd keeps the tensor for the backward pass (a product
   * or quotient needs its operand). Once the garbage collector frees the Java buffer, the
   * backward pass reads freed memory: gradients that are now and then not finite, and runs of
   * the same seed that differ.
   *
   * @param m the manager that owns the constant, normally the step's
   * @param value the number
   * @return a scalar array
   */
  public static NDArray constant(NDManager m, float value) {
    return m.full(new Shape(), value);
  }

  /**
   * Copies values into an array torch allocated: aligned as torch aligns its own buffers (so
   * that matrix kernels take the same path every run) and owned by torch rather than by a Java
   * buffer that DJL would let go of independently.
   *
   * @param m the manager that owns the result
   * @param data the values
   * @param shape their shape
   * @return the array
   */
  public static NDArray owned(NDManager m, float[] data, long[] shape) {
    try (NDArray borrowed = m.create(data, new Shape(shape))) {
      return borrowed.duplicate();
    }
  }

  /**
   * The parameters by name, in a fixed order.
   *
   * @return the live parameter arrays (do not close them)
   */
  public Map<String, NDArray> parameters() {
    return params;
  }

  /**
   * Makes the forward passes that follow look ids up in some tables' gathered rows rather than in
   * the tables: a lazy optimiser's step gathers the rows its batch reads into arrays of their
   * own, whose gradients are then those rows' alone, and the batch's ids index those arrays.
   * An empty map goes back to the tables. The net is used by one thread at a time.
   *
   * @param rows the gathered rows by table name ({@link ModelWeights#USER_ID}, {@link
   *     ModelWeights#ITEM_ID}); the caller keeps them open while the passes run
   */
  public void readRows(Map<String, NDArray> rows) {
    gathered = rows;
  }

  private NDArray table(String name) {
    NDArray rows = gathered.get(name);
    return rows != null ? rows : params.get(name);
  }

  /**
   * The layout.
   *
   * @return the spec
   */
  public ModelSpec spec() {
    return spec;
  }

  /**
   * Copies the parameters into Java memory.
   *
   * @return the weights
   */
  public List<NamedTensor> export() {
    List<NamedTensor> out = new ArrayList<>();
    params.forEach((name, a) -> out.add(new NamedTensor(name, a.getShape().getShape(),
        a.toFloatArray())));
    return out;
  }

  /**
   * The user tower's inputs, as arrays of one step.
   *
   * @param ids user-id rows, (n)
   * @param cat categorical rows, (n, fields), or null without categorical fields
   * @param dense dense values, (n, fields), or null without dense fields
   * @param history the behaviour sequences' item rows, most recent first, (n, maxHistory)
   * @param mask 1 for a real history position, (n, maxHistory, 1)
   */
  public record UserInputs(NDArray ids, NDArray cat, NDArray dense, NDArray history,
      NDArray mask) {}

  /**
   * The item tower's inputs, as arrays of one step.
   *
   * @param ids item-id rows, (n)
   * @param cat categorical rows, (n, fields), or null without categorical fields
   * @param tags tag rows, (n, maxTags), or null without tags
   * @param tagMask 1 for a real tag, (n, maxTags, 1), or null without tags
   * @param dense dense values, (n, fields), or null without dense fields
   */
  public record ItemInputs(NDArray ids, NDArray cat, NDArray tags, NDArray tagMask,
      NDArray dense) {}

  /**
   * Copies a user batch into arrays of the step.
   *
   * @param step manager that owns the arrays
   * @param b the inputs
   * @return the arrays
   */
  public UserInputs userInputs(NDManager step, UserBatch b) {
    int n = b.size;
    UserInputs features = userFeatureInputs(step, b);
    return new UserInputs(features.ids(), features.cat(), features.dense(),
        step.create(b.history, new Shape(n, spec.maxHistory())),
        step.create(b.historyMask, new Shape(n, spec.maxHistory(), 1)));
  }

  /**
   * Copies an item batch into arrays of the step.
   *
   * @param step manager that owns the arrays
   * @param b the inputs
   * @return the arrays
   */
  public ItemInputs itemInputs(NDManager step, ItemBatch b) {
    int n = b.size;
    boolean tags = spec.maxTags() > 0;
    return new ItemInputs(step.create(b.idRows, new Shape(n)),
        spec.itemCatFields() > 0
            ? step.create(b.catRows, new Shape(n, spec.itemCatFields())) : null,
        tags ? step.create(b.tags, new Shape(n, spec.maxTags())) : null,
        tags ? step.create(b.tagMask, new Shape(n, spec.maxTags(), 1)) : null,
        spec.itemDenseFields() > 0
            ? step.create(b.dense, new Shape(n, spec.itemDenseFields())) : null);
  }

  /**
   * The one-pass pooling's inputs ({@link WindowBatch}), as arrays of one step.
   *
   * @param context each window's context item rows, (windows, context)
   * @param rank each context item's recency rank in each target's history, (windows, width,
   *     context)
   * @param mask 1 where a context item is in a target's history, (windows, width, context)
   * @param slots the flat slot of each target, (targets)
   */
  public record WindowInputs(NDArray context, NDArray rank, NDArray mask, NDArray slots) {}

  /**
   * Copies a user batch's ids and features into arrays of the step, without the histories:
   * the one-pass pooling reads those from a {@link WindowBatch}.
   *
   * @param step manager that owns the arrays
   * @param b the inputs (the history and its mask are not read)
   * @return the arrays, history and mask null
   */
  public UserInputs userFeatureInputs(NDManager step, UserBatch b) {
    int n = b.size;
    return new UserInputs(step.create(b.idRows, new Shape(n)),
        spec.userCatFields() > 0
            ? step.create(b.catRows, new Shape(n, spec.userCatFields())) : null,
        spec.userDenseFields() > 0
            ? step.create(b.dense, new Shape(n, spec.userDenseFields())) : null,
        null, null);
  }

  /**
   * Copies a window batch into arrays of the step.
   *
   * @param step manager that owns the arrays
   * @param b the windows
   * @return the arrays
   */
  public WindowInputs windowInputs(NDManager step, WindowBatch b) {
    Shape pairs = new Shape(b.windows, b.width, b.context);
    return new WindowInputs(step.create(b.contextRows, new Shape(b.windows, b.context)),
        step.create(b.rank, pairs), step.create(b.mask, pairs),
        step.create(b.slots, new Shape(b.slots.length)));
  }

  /**
   * The pooled behaviour sequence of every target of a window batch in one pass: each window's
   * context items are embedded once, and each target's history is a weighted sum of them, the
   * weights those {@link #userTower(NDManager, UserBatch)} gives that target's history read on
   * its own ({@link HistoryPooling}). Equal to the one-user-at-a-time pooling up to the order
   * of float sums.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param in the windows
   * @return the pooled histories, (targets, {@link ModelSpec#pooledWidth()}), in the batch's
   *     target order
   */
  public NDArray pooledWindows(NDManager step, WindowInputs in) {
    return pooling.windows(step, in, embed(in.context(), table(ModelWeights.ITEM_ID)));
  }

  /**
   * Runs the user tower.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param b the inputs
   * @return L2-normalised vectors, shape (size, dimension)
   */
  public NDArray userTower(NDManager step, UserBatch b) {
    return userTower(step, userInputs(step, b));
  }

  /**
   * Runs the user tower on inputs already in the step.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param in the inputs
   * @return L2-normalised vectors, shape (size, dimension)
   */
  public NDArray userTower(NDManager step, UserInputs in) {
    return userTower(in, () -> pooledHistories(step, in));
  }

  /**
   * The pooled behaviour sequences of a batch, one user at a time: what the user tower reads
   * of each history.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param in the inputs
   * @return the pooled histories, (n, {@link ModelSpec#pooledWidth()})
   */
  public NDArray pooledHistories(NDManager step, UserInputs in) {
    return pooling.pool(step, embed(in.history(), table(ModelWeights.ITEM_ID)), in.mask());
  }

  /**
   * The user tower from its pooled behaviour sequences, however they were pooled.
   *
   * @param in the inputs (the history and its mask are not read)
   * @param pooled each user's pooled sequence, (n, {@link ModelSpec#pooledWidth()}), computed
   *     where the tower reaches it (after the id and categorical embeddings, as autograd has
   *     always recorded them)
   * @return L2-normalised vectors, shape (n, dimension)
   */
  public NDArray userTower(UserInputs in, Supplier<NDArray> pooled) {
    NDList parts = new NDList();
    parts.add(embed(in.ids(), table(ModelWeights.USER_ID)));
    if (in.cat() != null) {
      parts.add(embed(in.cat(), params.get("user_cat")).mean(new int[] {1}));
    }
    parts.add(pooled.get());
    if (in.dense() != null) {
      parts.add(in.dense());
    }
    return mlp(NDArrays.concat(parts, 1), "user");
  }

  /**
   * Runs the item tower.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param b the inputs
   * @return L2-normalised vectors, shape (size, dimension)
   */
  public NDArray itemTower(NDManager step, ItemBatch b) {
    return itemTower(itemInputs(step, b));
  }

  /**
   * Runs the item tower on inputs already in a step.
   *
   * @param in the inputs
   * @return L2-normalised vectors, shape (size, dimension)
   */
  public NDArray itemTower(ItemInputs in) {
    NDList parts = new NDList();
    parts.add(embed(in.ids(), table(ModelWeights.ITEM_ID)));
    if (in.cat() != null) {
      parts.add(embed(in.cat(), params.get("item_cat")).mean(new int[] {1}));
    }
    if (in.tags() != null) {
      parts.add(HistoryPooling.maskedMean(embed(in.tags(), params.get("tag")), in.tagMask()));
    }
    if (in.dense() != null) {
      parts.add(in.dense());
    }
    return mlp(NDArrays.concat(parts, 1), "item");
  }

  /**
   * The rows of a table at some indices, with the gradient flowing back to the table (an
   * embedding lookup in any table, such as the vectors of a batch's distinct items).
   *
   * @param table (rows, width), any manager
   * @param indices row indices (int64), owned by the step: the result belongs to its manager
   * @return (indices..., width)
   */
  public static NDArray rows(NDArray table, NDArray indices) {
    return embed(indices, table);
  }

  private static NDArray embed(NDArray indices, NDArray table) {
    return indices.getNDArrayInternal()
        .embedding(indices, table, SparseFormat.DENSE)
        .singletonOrThrow();
  }

  private NDArray mlp(NDArray x, String tower) {
    NDArray hidden = Activation.relu(
        x.matMul(params.get(tower + "_w1")).add(params.get(tower + "_b1")));
    NDArray out = hidden.matMul(params.get(tower + "_w2")).add(params.get(tower + "_b2"));
    // One fused op (torch's F.normalize) instead of eight, forward and backward: x / max(|x|,
    // eps). A tower's outputs are orders of magnitude below where the squares would overflow.
    return out.normalize(2, 1, 1e-12);
  }

  /** Frees the parameters. */
  @Override
  public void close() {
    manager.close();
  }
}
