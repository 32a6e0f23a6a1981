package io.github.vectorrecall.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 * <p>One update per parameter, not one over a flat array of them all: tried (the parameters as
 * views of one array, one {@code adamUpdate}), it ran no faster on ml-100k, as each of the
 * update's temporaries then outgrows the allocator's reuse (about 1 MB) and is mapped and
 * page-faulted afresh every step.
 */
final class AdamW {
  private final NDManager stateManager;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final float maxNorm;
  private final Map<String, NDArray[]> moments = new HashMap<>();
  private final float averageDecay;
  private final Map<String, NDArray> averages = new HashMap<>();
  private int t;
  /** The lazily updated tables' rows: how far each is behind, and what it missed. */
  private final RowCatchUp behind;

  /**
   * The rows of an id table that one step trains ({@link
   * TwoTowerConfig#lazyUserUpdates()}), {@link #gather gathered} and caught up: their values,
   * in an array of the step's that records its own gradient, their moments, and where they go
   * back.
   *
   * @param table the table's parameter name
   * @param rows the table rows, in the order of {@code values}
   * @param index the same rows as an int64 array of the step's
   * @param values the rows, (rows, width), their gradient set by the backward pass
   * @param m their first moments
   * @param v their second moments
   */
  record Rows(String table, long[] rows, NDArray index, NDArray values, NDArray m, NDArray v) {}

  /**
   * Creates the optimiser.
   *
   * @param stateManager owns the moments and averages
   * @param weightDecay decoupled weight decay, 0 for none
   * @param maxNorm the gradients' global norm is clipped to this
   * @param averageDecay decay per step of the weights' moving average ({@link
   *     TwoTowerConfig#weightAveraging()}), 0 for none
   */
  AdamW(NDManager stateManager, float weightDecay, float maxNorm, float averageDecay) {
    this.stateManager = stateManager;
    this.averageDecay = averageDecay;
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.weightDecay = weightDecay;
    this.maxNorm = maxNorm;
    this.behind = new RowCatchUp(beta1, beta2);
  }

  /**
   * One update of all parameters; zeroes their gradients afterwards. A step whose gradient is
   * not finite is skipped (the gradients are cleared and nothing changes).
   *
   * <p>Tables named by {@code lazy} are updated lazily: only their gathered rows, with those
   * rows' moments, are stepped and written back; the global norm counts their rows' gradients,
   * which are the table's only non-zero ones. When gathered ({@link #gather}), before the
   * forward pass reads it, a row is caught up on the moves dense AdamW's decaying momentum
   * would have made at the steps it missed, and its moments decayed ({@link RowCatchUp}). A row
   * no batch read cannot have changed any loss meanwhile, so the training is dense AdamW's but
   * for epsilon's place and the order of float sums ({@link #catchUpAll} brings every row up to
   * date before the weights are read). The bias correction's t is the step count of every
   * parameter.
   *
   * <p>Each parameter's update is one call into torch ({@code adamUpdate}: the clipping scale,
   * the decoupled decay, both moments and the bias-corrected step), not a dozen calls that each
   * make a temporary; the global norm is one {@code norm} per parameter and one read back.
   *
   * @param step the step's manager, which owns every temporary
   * @param params parameters by name
   * @param lazy the rows of the tables updated lazily, gathered by the step; empty for none
   * @param lr learning rate of this step
   * @return false if the step was skipped
   */
  boolean step(NDManager step, Map<String, NDArray> params, List<Rows> lazy, float lr) {
    Map<String, NDArray> grads = new HashMap<>();
    NDList norms = new NDList(params.size());
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      if (isLazy(lazy, p.getKey())) {
        continue;
      }
      NDArray g = p.getValue().getGradient();
      g.attach(step);
      grads.put(p.getKey(), g);
      norms.add(g.norm());
    }
    for (Rows rows : lazy) {
      NDArray g = rows.values().getGradient();
      g.attach(step);
      grads.put(rows.table(), g);
      norms.add(g.norm());
    }
    // The global norm is the norm of the parameters' norms: one read back, not one each.
    double norm = NDArrays.stack(norms).norm().getFloat();
    if (!Double.isFinite(norm)) {
      for (NDArray g : grads.values()) {
        g.set(g.isNaN().logicalOr(g.isInfinite()), 0f);
        g.subi(g);
      }
      for (Rows rows : lazy) {
        writeBack(rows, params.get(rows.table())); // caught up, not stepped
      }
      return false;
    }
    t++;
    float scale = norm > maxNorm ? (float) (maxNorm / norm) : 1f;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) (lr * Math.sqrt(c2) / c1);
    behind.record(t, stepSize);
    for (Rows rows : lazy) {
      NDArray w = params.get(rows.table());
      NDArray r = rows.values();
      r.getNDArrayInternal().adamUpdate(new NDList(r, grads.get(rows.table()), rows.m(),
          rows.v()), new NDList(r), lr, stepSize, weightDecay, scale, -1f, beta1, beta2, epsilon,
          false, weightDecay > 0);
      behind.stepped(rows.table(), rows.rows(), t);
      writeBack(rows, w);
      if (averageDecay > 0) {
        average(rows.table(), w);
      }
    }
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      if (isLazy(lazy, p.getKey())) {
        continue;
      }
      NDArray w = p.getValue();
      NDArray g = grads.get(p.getKey());
      NDArray[] mv = moments(p.getKey(), w);
      // clipGrad -1: no element-wise clipping. With decay, adamw: w -= lr * weightDecay * w
      // before the step; without, the plain form adds 0 × w to the gradient, one pass instead
      // of three over the weights.
      w.getNDArrayInternal().adamUpdate(new NDList(w, g, mv[0], mv[1]), new NDList(w), lr,
          stepSize, weightDecay, scale, -1f, beta1, beta2, epsilon, false, weightDecay > 0);
      g.subi(g);
      if (averageDecay > 0) {
        average(p.getKey(), w);
      }
    }
    return true;
  }

  /**
   * Gathers the rows of a lazily updated table that a step reads, caught up on the steps they
   * missed ({@link #step}), into an array of the step's that records its own gradient; the
   * forward pass reads these values, and {@link #step} updates and writes them back. Needs grad
   * mode off.
   *
   * @param step the step's manager, which owns the gathered arrays
   * @param table the table's parameter name
   * @param w the table
   * @param rows the rows the step reads, distinct
   * @return the rows, ready for the forward pass
   */
  Rows gather(NDManager step, String table, NDArray w, long[] rows) {
    RowCatchUp.Missed missed = behind.missed(table, Math.toIntExact(w.getShape().get(0)),
        moments.containsKey(table), rows, t);
    Rows gathered = rowsOf(step, table, w, rows);
    catchUp(step, gathered, missed);
    gathered.values().setRequiresGradient(true);
    return gathered;
  }

  /** Some rows of a table and of its moments, copied into arrays of the step's. */
  private Rows rowsOf(NDManager step, String table, NDArray w, long[] rows) {
    NDArray index = step.create(rows);
    NDArray[] mv = moments(table, w);
    return new Rows(table, rows, index, TwoTowerNet.rows(w, index),
        TwoTowerNet.rows(mv[0], index), TwoTowerNet.rows(mv[1], index));
  }

  private void writeBack(Rows rows, NDArray w) {
    NDArray[] mv = moments.get(rows.table());
    NDIndex at = new NDIndex("{}", rows.index());
    w.set(at, rows.values());
    mv[0].set(at, rows.m());
    mv[1].set(at, rows.v());
  }

  /**
   * Applies to some rows the moves they missed and their moments' decay ({@link RowCatchUp}).
   *
   * @param gathered the rows, their values and moments updated in place
   * @param missed per row, or null when none is behind
   */
  private void catchUp(NDManager step, Rows gathered, RowCatchUp.Missed missed) {
    if (missed == null) {
      return;
    }
    Shape column = new Shape(gathered.rows().length, 1);
    NDArray m = gathered.m();
    NDArray v = gathered.v();
    gathered.values().subi(m.div(v.sqrt().add(epsilon)).mul(step.create(missed.move(), column)));
    m.muli(step.create(missed.decay1(), column));
    v.muli(step.create(missed.decay2(), column));
  }

  /**
   * Brings every row of the lazily updated tables up to the last step ({@link #step}), so that
   * the weights are dense AdamW's; call it before the weights are read (validation, export, a
   * checkpoint). Needs grad mode off, as {@link #step} does.
   *
   * @param params parameters by name
   */
  void catchUpAll(Map<String, NDArray> params) {
    for (String table : behind.tables()) {
      long[] rows = behind.behind(table, t);
      if (rows.length == 0) {
        continue;
      }
      NDArray w = params.get(table);
      try (NDManager step = stateManager.newSubManager()) {
        RowCatchUp.Missed missed =
            behind.missed(table, Math.toIntExact(w.getShape().get(0)), true, rows, t);
        Rows stale = rowsOf(step, table, w, rows);
        catchUp(step, stale, missed);
        writeBack(stale, w);
      }
    }
    behind.allUpTo(t);
  }

  private NDArray[] moments(String name, NDArray w) {
    return moments.computeIfAbsent(name, k -> new NDArray[] {
        stateManager.zeros(w.getShape()), stateManager.zeros(w.getShape())});
  }

  private static boolean isLazy(List<Rows> lazy, String name) {
    for (Rows rows : lazy) {
      if (rows.table().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Moves the weights' average towards the weights just stepped. */
  private void average(String name, NDArray w) {
    NDArray avg = averages.computeIfAbsent(name,
        k -> TwoTowerNet.owned(stateManager, w.toFloatArray(), w.getShape().getShape()));
    // Bias-corrected (as Adam's moments): the average of steps 1..t, weighted by decay^(t - s).
    double power = Math.pow(averageDecay, t);
    float d = (float) ((averageDecay - power) / (1 - power));
    try (NDArray scaled = w.mul(1 - d)) {
      avg.muli(d).addi(scaled);
    }
  }

  /**
   * Whether the optimiser keeps a moving average of the weights.
   *
   * @return true if it does
   */
  boolean averaging() {
    return averageDecay > 0;
  }

  /**
   * Copies the weights' average into Java memory, in the parameters' order; a parameter not yet
   * stepped is its own average.
   *
   * @param params the parameters by name
   * @return the averaged weights
   */
  List<NamedTensor> exportAverages(Map<String, NDArray> params) {
    List<NamedTensor> out = new ArrayList<>();
    params.forEach((name, w) -> {
      NDArray a = averages.getOrDefault(name, w);
      out.add(new NamedTensor(name, a.getShape().getShape(), a.toFloatArray()));
    });
    return out;
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
   * Copies the moments into Java memory, for a checkpoint: {@code m:NAME} and {@code v:NAME},
   * and with averaging the weights' average {@code a:NAME}.
   *
   * @return the state of every parameter updated so far
   */
  List<NamedTensor> exportMoments() {
    List<NamedTensor> out = new ArrayList<>();
    moments.forEach((name, mv) -> {
      out.add(new NamedTensor("m:" + name, mv[0].getShape().getShape(), mv[0].toFloatArray()));
      out.add(new NamedTensor("v:" + name, mv[1].getShape().getShape(), mv[1].toFloatArray()));
    });
    averages.forEach((name, a) ->
        out.add(new NamedTensor("a:" + name, a.getShape().getShape(), a.toFloatArray())));
    return out;
  }

  /**
   * Restores the state {@link #exportMoments} and {@link #steps} described.
   *
   * @param saved the moments
   * @param steps the update count
   */
  void restore(List<NamedTensor> saved, int steps) {
    Map<String, NDArray[]> restored = new HashMap<>();
    Map<String, NDArray> restoredAverages = new HashMap<>();
    for (NamedTensor tensor : saved) {
      String name = tensor.name().substring(2);
      NDArray a = TwoTowerNet.owned(stateManager, tensor.data(), tensor.shape());
      if (tensor.name().startsWith("a:")) {
        restoredAverages.put(name, a);
      } else {
        restored.computeIfAbsent(name, n -> new NDArray[2])[tensor.name().startsWith("m:") ? 0 : 1]
            = a;
      }
    }
    restored.forEach((name, mv) -> {
      if (mv[0] == null || mv[1] == null) {
        throw new IllegalArgumentException("checkpoint holds one moment of " + name
            + " without the other");
      }
    });
    if (averaging() && !restoredAverages.keySet().equals(restored.keySet())) {
      throw new IllegalArgumentException("checkpoint holds weight averages of "
          + restoredAverages.keySet() + " but moments of " + restored.keySet());
    }
    moments.clear();
    moments.putAll(restored);
    averages.clear();
    averages.putAll(restoredAverages);
    t = steps;
    // A checkpoint is written after catchUpAll: every row is up to date at its step.
    behind.restore(steps);
  }
}
