package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) on NDArrays, with bias correction and global-norm gradient
 * clipping, written out so that each step's temporaries live in the step's manager and the
 * moments live as long as the trainer.
 *
 * <p>The net's parameters are views of one flat array ({@link TwoTowerNet#flatParameters}),
 * and the moments are flat arrays of the same layout: a step gathers the gradients into one
 * array and updates every parameter with one {@code adamUpdate} (the clipping scale, the
 * decoupled decay, both moments and the bias-corrected step), a few kernels over the whole
 * model instead of a dozen small ones for each parameter.
 */
final class AdamW {
  private final TwoTowerNet net;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final float maxNorm;
  private final NDArray m;
  private final NDArray v;
  private int t;

  /**
   * Creates the optimiser of a net created trainable.
   *
   * @param stateManager owns the moments, for as long as the trainer runs
   * @param net the net whose parameters it updates
   * @param weightDecay decoupled decay; 0 for none
   * @param maxNorm the gradients' global norm is clipped to this
   */
  AdamW(NDManager stateManager, TwoTowerNet net, float weightDecay, float maxNorm) {
    this.net = net;
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.weightDecay = weightDecay;
    this.maxNorm = maxNorm;
    Shape shape = net.flatParameters().getShape();
    this.m = stateManager.zeros(shape);
    this.v = stateManager.zeros(shape);
  }

  /**
   * One update of all parameters; zeroes their gradients afterwards. A step whose gradient is
   * not finite is skipped (the gradients are cleared and nothing changes).
   *
   * @param step the step's manager, which owns every temporary
   * @param lr learning rate of this step
   * @return false if the step was skipped
   */
  boolean step(NDManager step, float lr) {
    NDList grads = new NDList(net.parameters().size());
    NDList flattened = new NDList(net.parameters().size());
    for (NDArray p : net.parameters().values()) {
      NDArray g = p.getGradient();
      g.attach(step);
      grads.add(g);
      flattened.add(g.reshape(-1));
    }
    NDArray g = NDArrays.concat(flattened);
    double norm = g.norm().getFloat();
    if (!Double.isFinite(norm)) {
      for (NDArray each : grads) {
        each.set(each.isNaN().logicalOr(each.isInfinite()), 0f);
        each.subi(each);
      }
      return false;
    }
    t++;
    float scale = norm > maxNorm ? (float) (maxNorm / norm) : 1f;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) (lr * Math.sqrt(c2) / c1);
    NDArray w = net.flatParameters();
    // clipGrad -1: no element-wise clipping. With decay, adamw: w -= lr * weightDecay * w
    // before the step; without, the plain form adds 0 × w to the gradient, one pass instead
    // of three over the weights.
    w.getNDArrayInternal().adamUpdate(new NDList(w, g, m, v), new NDList(w), lr, stepSize,
        weightDecay, scale, -1f, beta1, beta2, epsilon, false, weightDecay > 0);
    for (NDArray each : grads) {
      each.subi(each);
    }
    return true;
  }

  /**
   * The number of updates made so far (the bias correction's t).
   *
   * @return t
   */
  int steps() {
    return t;
  }

  /**
   * Copies the moments into Java memory, for a checkpoint: {@code m:NAME} and {@code v:NAME}
   * for each parameter.
   *
   * @return the moments of every parameter
   */
  List<NamedTensor> exportMoments() {
    float[] ms = m.toFloatArray();
    float[] vs = v.toFloatArray();
    List<NamedTensor> out = new ArrayList<>();
    int offset = 0;
    for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
      long[] shape = p.getValue().getShape().getShape();
      int size = Math.toIntExact(p.getValue().size());
      out.add(new NamedTensor("m:" + p.getKey(), shape, slice(ms, offset, size)));
      out.add(new NamedTensor("v:" + p.getKey(), shape, slice(vs, offset, size)));
      offset += size;
    }
    return out;
  }

  private static float[] slice(float[] all, int offset, int size) {
    float[] out = new float[size];
    System.arraycopy(all, offset, out, 0, size);
    return out;
  }

  /**
   * Restores the state {@link #exportMoments} and {@link #steps} described. A parameter the
   * checkpoint has no moments for starts from zero moments, as one never updated would.
   *
   * @param saved the moments
   * @param steps the update count
   * @throws IllegalArgumentException if a parameter has one moment without the other, or a
   *     moment of another size than its parameter
   */
  void restore(List<NamedTensor> saved, int steps) {
    Map<String, NamedTensor[]> byName = new HashMap<>();
    for (NamedTensor tensor : saved) {
      byName.computeIfAbsent(tensor.name().substring(2), n -> new NamedTensor[2])
          [tensor.name().startsWith("m:") ? 0 : 1] = tensor;
    }
    int total = Math.toIntExact(m.size());
    float[] ms = new float[total];
    float[] vs = new float[total];
    int offset = 0;
    for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
      int size = Math.toIntExact(p.getValue().size());
      NamedTensor[] mv = byName.remove(p.getKey());
      if (mv != null) {
        if (mv[0] == null || mv[1] == null) {
          throw new IllegalArgumentException("checkpoint holds one moment of " + p.getKey()
              + " without the other");
        }
        for (NamedTensor moment : mv) {
          if (moment.data().length != size) {
            throw new IllegalArgumentException("checkpoint moment " + moment.name() + " has "
                + moment.data().length + " values, its parameter " + size);
          }
        }
        System.arraycopy(mv[0].data(), 0, ms, offset, size);
        System.arraycopy(mv[1].data(), 0, vs, offset, size);
      }
      offset += size;
    }
    if (!byName.isEmpty()) {
      throw new IllegalArgumentException("checkpoint holds moments of parameters the model does"
          + " not have: " + byName.keySet());
    }
    m.set(ms);
    v.set(vs);
    t = steps;
  }
}
