package io.github.vectorrecall.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Where a batch's negatives come from, and the logQ correction of each candidate's logit: the
 * log of its expected count among the negatives (in-batch: batch size × its frequency in the
 * training stream; sampled: draws × its sampling probability), or 0 without correction.
 */
final class Negatives {
  private final boolean inBatch;
  private final int sampled;
  private final boolean popularity;
  private final boolean correct;
  private final int batch;
  /** Cumulative training counts by item row, for popularity sampling. */
  private final long[] cumulative;
  private final float[] logStreamShare;
  private final int rows;

  Negatives(TwoTowerConfig config, long[] counts, int batch) {
    TwoTowerConfig.Negatives kind = config.negatives();
    this.inBatch = kind == TwoTowerConfig.Negatives.IN_BATCH
        || kind == TwoTowerConfig.Negatives.MIXED;
    this.sampled = kind == TwoTowerConfig.Negatives.IN_BATCH ? 0 : config.sampledNegatives();
    this.popularity = kind == TwoTowerConfig.Negatives.POPULARITY;
    this.correct = config.logQCorrection();
    this.batch = batch;
    this.rows = counts.length;
    this.cumulative = new long[rows];
    long total = 0;
    for (int r = 1; r < rows; r++) {
      total += counts[r];
      cumulative[r] = total;
    }
    this.logStreamShare = new float[rows];
    for (int r = 0; r < rows; r++) {
      logStreamShare[r] = (float) Math.log(Math.max(1, counts[r]) / (double) Math.max(1, total));
    }
  }

  /** @return whether the other positives of the batch are negatives */
  boolean inBatch() {
    return inBatch;
  }

  /** @return catalog items drawn per batch, 0 for none */
  int sampled() {
    return sampled;
  }

  /** Fills {@code out} with item rows (never row 0, the unknown item). */
  void draw(Random rnd, int[] out) {
    long total = cumulative[rows - 1];
    for (int i = 0; i < out.length; i++) {
      if (popularity && total > 0) {
        long x = (long) (rnd.nextDouble() * total);
        int r = Arrays.binarySearch(cumulative, 1, rows, x + 1);
        out[i] = r >= 0 ? firstAt(r) : -r - 1;
      } else {
        out[i] = 1 + rnd.nextInt(rows - 1);
      }
    }
  }

  /** The first row whose cumulative count equals that of row r (rows with no count share it). */
  private int firstAt(int r) {
    while (r > 1 && cumulative[r - 1] == cumulative[r]) {
      r--;
    }
    return r;
  }

  float[] inBatchCorrection(int[] targets) {
    float[] out = new float[targets.length];
    if (correct) {
      float logBatch = (float) Math.log(batch);
      for (int i = 0; i < targets.length; i++) {
        out[i] = logBatch + logStreamShare[targets[i]];
      }
    }
    return out;
  }

  float[] sampledCorrection(int[] items) {
    float[] out = new float[items.length];
    if (correct) {
      float logDraws = (float) Math.log(sampled);
      float logUniform = (float) -Math.log(rows - 1);
      for (int i = 0; i < items.length; i++) {
        out[i] = logDraws + (popularity ? logStreamShare[items[i]] : logUniform);
      }
    }
    return out;
  }

  /** The positive is corrected as the candidate set it competes in would count it. */
  float[] positiveCorrection(int[] targets) {
    return inBatch ? inBatchCorrection(targets) : sampledCorrection(targets);
  }
}
