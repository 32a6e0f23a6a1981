package io.github.vectorrecall.torch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import java.util.Map;

/**
 * How the user tower pools a behaviour sequence's item embeddings into one input: the mean,
 * learned recency decay (weights exp(-decay × rank) over their sum), two such pools side by side
 * (slow then fast), or attention (softmax of a learned query's score plus the rank's bias).
 *
 * <p>Two forms give the same vectors up to the order of float sums: one history per user
 * ({@link #pool}), as the served encoder reads it, and the histories of every target of a
 * window batch at once ({@link #windows}), where each window's context items are embedded once
 * and each target's history is a weighted sum of them.
 *
 * <p>Parameters enter each expression after a step array, so every result belongs to the step.
 */
final class HistoryPooling {
  private final ModelSpec spec;
  private final Map<String, NDArray> params;

  /**
   * Creates the pooling of one net.
   *
   * @param spec the layout: pooling, history length, embedding width
   * @param params the net's parameters by name (decays, attention query and position bias)
   */
  HistoryPooling(ModelSpec spec, Map<String, NDArray> params) {
    this.spec = spec;
    this.params = params;
  }

  /**
   * Pools each user's history, (n, L, e) with mask (n, L, 1), position 0 the most recent.
   *
   * @return (n, {@link ModelSpec#pooledWidth()})
   */
  NDArray pool(NDManager step, NDArray embedded, NDArray mask) {
    switch (spec.pooling()) {
      case RECENCY:
        return recency(step, ranks(step), embedded, mask, ModelWeights.HISTORY_DECAY);
      case TWO_SCALE: {
        NDArray rank = ranks(step);
        return recency(step, rank, embedded, mask, ModelWeights.HISTORY_DECAY).concat(
            recency(step, rank, embedded, mask, ModelWeights.HISTORY_DECAY_FAST), 1);
      }
      case ATTENTION: {
        NDArray query = step.zeros(new Shape(spec.embeddingDimension(), 1))
            .add(params.get("history_query"));
        NDArray score = embedded.matMul(query)
            .div(TwoTowerNet.constant(step, (float) Math.sqrt(spec.embeddingDimension())))
            .add(params.get("history_pos"))
            .add(mask.sub(TwoTowerNet.constant(step, 1f))
                .mul(TwoTowerNet.constant(step, 1e9f)));
        NDArray weight = score.softmax(1).mul(mask);
        return embedded.mul(weight).sum(new int[] {1});
      }
      case NONE:
        return embedded.sum(new int[] {1}).mul(TwoTowerNet.constant(step, 0f));
      default:
        return maskedMean(embedded, mask);
    }
  }

  /**
   * Pools the history of every target of a window batch from the windows' context embeddings.
   *
   * @param in the windows: context rows, each target's ranks and mask over its context, slots
   * @param embedded the context items' embeddings, (windows, context, e)
   * @return (targets, {@link ModelSpec#pooledWidth()}), in the batch's target order
   */
  NDArray windows(NDManager step, TwoTowerNet.WindowInputs in, NDArray embedded) {
    long[] shape = in.mask().getShape().getShape();
    long windows = shape[0];
    long width = shape[1];
    long context = shape[2];
    int e = spec.embeddingDimension();
    NDArray mask = in.mask();
    NDArray pooled;
    switch (spec.pooling()) {
      case RECENCY:
        pooled = recencyWindows(step, rankOf(in), mask, embedded, ModelWeights.HISTORY_DECAY);
        break;
      case TWO_SCALE: {
        NDArray rank = rankOf(in);
        pooled = recencyWindows(step, rank, mask, embedded, ModelWeights.HISTORY_DECAY).concat(
            recencyWindows(step, rank, mask, embedded, ModelWeights.HISTORY_DECAY_FAST), 2);
        break;
      }
      case ATTENTION: {
        int length = spec.maxHistory();
        NDArray query = step.zeros(new Shape(e, 1)).add(params.get("history_query"));
        NDArray itemScore = embedded.matMul(query)
            .div(TwoTowerNet.constant(step, (float) Math.sqrt(e)))
            .reshape(windows, 1, context);
        NDArray positions = step.zeros(new Shape(1, length, 1))
            .add(params.get("history_pos")).reshape(length, 1);
        NDArray score = itemScore
            .add(TwoTowerNet.rows(positions, in.rank()).reshape(windows, width, context))
            .add(mask.sub(TwoTowerNet.constant(step, 1f)).mul(TwoTowerNet.constant(step, 1e9f)));
        pooled = score.softmax(2).mul(mask).matMul(embedded);
        break;
      }
      case NONE:
        pooled = mask.matMul(embedded).mul(TwoTowerNet.constant(step, 0f));
        break;
      default: {
        NDArray count = mask.sum(new int[] {2}, true).add(TwoTowerNet.constant(step, 1e-6f));
        pooled = mask.matMul(embedded).div(count);
      }
    }
    return TwoTowerNet.rows(pooled.reshape(windows * width, spec.pooledWidth()), in.slots());
  }

  /** Each history position's recency rank, (1, L, 1), position 0 the most recent. */
  private NDArray ranks(NDManager step) {
    int length = spec.maxHistory();
    return step.arange(0f, (float) length).reshape(1, length, 1);
  }

  /** Each window target's rank of each context item, as floats, (windows, width, context). */
  private static NDArray rankOf(TwoTowerNet.WindowInputs in) {
    return in.rank().toType(DataType.FLOAT32, false);
  }

  /** One recency pool: weights exp(-decay × rank), over their sum; (n, e). */
  private NDArray recency(NDManager step, NDArray rank, NDArray embedded, NDArray mask,
      String decayName) {
    NDArray weight = rank.mul(decay(step, decayName)).neg().exp().mul(mask);
    NDArray total = weight.sum(new int[] {1}).add(TwoTowerNet.constant(step, 1e-6f));
    return embedded.mul(weight).sum(new int[] {1}).div(total);
  }

  /** One recency pool of every target of a window batch, (windows, width, e). */
  private NDArray recencyWindows(NDManager step, NDArray rank, NDArray mask, NDArray embedded,
      String decayName) {
    NDArray weight = rank.mul(decay(step, decayName)).neg().exp().mul(mask);
    NDArray total = weight.sum(new int[] {2}, true).add(TwoTowerNet.constant(step, 1e-6f));
    return weight.matMul(embedded).div(total);
  }

  /** A pool's decay per rank, exp of its parameter, as an array of the step. */
  private NDArray decay(NDManager step, String decayName) {
    return step.zeros(new Shape(1)).add(params.get(decayName)).exp();
  }

  /**
   * The mean of the rows a mask keeps: (n, L, e) with mask (n, L, 1) to (n, e).
   *
   * @param embedded the rows
   * @param mask 1 for a real row
   * @return the means, 0 where the mask keeps nothing
   */
  static NDArray maskedMean(NDArray embedded, NDArray mask) {
    NDArray count = mask.sum(new int[] {1}).add(TwoTowerNet.constant(mask.getManager(), 1e-6f));
    return embedded.mul(mask).sum(new int[] {1}).div(count);
  }
}
