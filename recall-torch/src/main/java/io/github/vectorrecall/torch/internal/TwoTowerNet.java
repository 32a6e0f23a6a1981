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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two towers as plain PyTorch tensor arithmetic through DJL.
 *
 * <p>User tower: [user-id embedding, mean of categorical embeddings, the behaviour sequence's
 * item-id embeddings (the table is shared with the item tower) pooled by mean, learned recency
 * decay or attention, dense features] →
 * linear → ReLU → linear → L2 norm. Item tower: [item-id embedding, mean of categorical
 * embeddings, mean of tag embeddings, dense features] → linear → ReLU → linear → L2 norm. No
 * batch-dependent normalisation anywhere, so an item encodes the same alone or in any batch.
 *
 * <p>Every intermediate array of a forward pass is created in the caller's step manager (the
 * first operand of each operation is a step array), so closing that manager frees them all.
 */
public final class TwoTowerNet implements AutoCloseable {
  private final ModelSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  private TwoTowerNet(ModelSpec spec, NDManager manager) {
    this.spec = spec;
    this.manager = manager;
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
   * Runs the user tower.
   *
   * @param step manager that owns the inputs and every intermediate
   * @param b the inputs
   * @return L2-normalised vectors, shape (size, dimension)
   */
  public NDArray userTower(NDManager step, UserBatch b) {
    int n = b.size;
    NDList parts = new NDList();
    parts.add(embed(step.create(b.idRows, new Shape(n)), params.get("user_id")));
    if (spec.userCatFields() > 0) {
      NDArray cat = step.create(b.catRows, new Shape(n, spec.userCatFields()));
      parts.add(embed(cat, params.get("user_cat")).mean(new int[] {1}));
    }
    NDArray hist = step.create(b.history, new Shape(n, spec.maxHistory()));
    NDArray mask = step.create(b.historyMask, new Shape(n, spec.maxHistory(), 1));
    parts.add(pool(step, embed(hist, params.get("item_id")), mask));
    if (spec.userDenseFields() > 0) {
      parts.add(step.create(b.dense, new Shape(n, spec.userDenseFields())));
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
    int n = b.size;
    NDList parts = new NDList();
    parts.add(embed(step.create(b.idRows, new Shape(n)), params.get("item_id")));
    if (spec.itemCatFields() > 0) {
      NDArray cat = step.create(b.catRows, new Shape(n, spec.itemCatFields()));
      parts.add(embed(cat, params.get("item_cat")).mean(new int[] {1}));
    }
    if (spec.maxTags() > 0) {
      NDArray tags = step.create(b.tags, new Shape(n, spec.maxTags()));
      NDArray mask = step.create(b.tagMask, new Shape(n, spec.maxTags(), 1));
      parts.add(maskedMean(embed(tags, params.get("tag")), mask));
    }
    if (spec.itemDenseFields() > 0) {
      parts.add(step.create(b.dense, new Shape(n, spec.itemDenseFields())));
    }
    return mlp(NDArrays.concat(parts, 1), "item");
  }

  private static NDArray embed(NDArray indices, NDArray table) {
    return indices.getNDArrayInternal()
        .embedding(indices, table, SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /**
   * Pools the behaviour sequence, (n, L, e) with mask (n, L, 1), position 0 the most recent.
   * Parameters enter each expression after a step array, so every result belongs to the step.
   */
  private NDArray pool(NDManager step, NDArray embedded, NDArray mask) {
    int length = spec.maxHistory();
    switch (spec.pooling()) {
      case RECENCY: {
        NDArray rank = step.arange(0f, (float) length).reshape(1, length, 1);
        NDArray decay = step.zeros(new Shape(1)).add(params.get("history_decay")).exp();
        NDArray weight = rank.mul(decay).neg().exp().mul(mask);
        NDArray total = weight.sum(new int[] {1}).add(constant(step, 1e-6f));
        return embedded.mul(weight).sum(new int[] {1}).div(total);
      }
      case ATTENTION: {
        NDArray query = step.zeros(new Shape(spec.embeddingDimension(), 1))
            .add(params.get("history_query"));
        NDArray score = embedded.matMul(query)
            .div(constant(step, (float) Math.sqrt(spec.embeddingDimension())))
            .add(params.get("history_pos"))
            .add(mask.sub(constant(step, 1f)).mul(constant(step, 1e9f)));
        NDArray weight = score.softmax(1).mul(mask);
        return embedded.mul(weight).sum(new int[] {1});
      }
      case NONE:
        return embedded.sum(new int[] {1}).mul(constant(step, 0f));
      default:
        return maskedMean(embedded, mask);
    }
  }

  private static NDArray maskedMean(NDArray embedded, NDArray mask) {
    NDArray count = mask.sum(new int[] {1}).add(constant(mask.getManager(), 1e-6f));
    return embedded.mul(mask).sum(new int[] {1}).div(count);
  }

  private NDArray mlp(NDArray x, String tower) {
    NDArray hidden = Activation.relu(
        x.matMul(params.get(tower + "_w1")).add(params.get(tower + "_b1")));
    NDArray out = hidden.matMul(params.get(tower + "_w2")).add(params.get(tower + "_b2"));
    // Scale by the largest component first, so squaring never overflows.
    NDArray scaled =
        out.div(out.abs().max(new int[] {1}, true).add(constant(out.getManager(), 1e-12f)));
    return scaled.div(scaled.mul(scaled).sum(new int[] {1}, true).sqrt());
  }

  /** Frees the parameters. */
  @Override
  public void close() {
    manager.close();
  }
}
