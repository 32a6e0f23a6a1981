package io.github.vectorrecall.hnsw.internal;

import java.util.Random;

/**
 * Test data shaped like embeddings: points around random centres, each a centre plus Gaussian
 * noise of norm about {@code spread} (the centres have norm 1), optionally normalised.
 */
final class ClusteredVectors {
  private final float[][] centres;
  private final int dimension;
  private final double noise;
  private final boolean unit;
  private final Random random;

  /**
   * @param dimension vector length
   * @param clusters number of centres
   * @param spread noise norm relative to a centre's
   * @param unit whether to normalise every point
   * @param seed the seed of the centres and the points
   */
  ClusteredVectors(int dimension, int clusters, double spread, boolean unit, long seed) {
    this.dimension = dimension;
    this.noise = spread / Math.sqrt(dimension);
    this.unit = unit;
    this.random = new Random(seed);
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      float[] centre = new float[dimension];
      double sum = 0;
      for (int j = 0; j < dimension; j++) {
        centre[j] = (float) random.nextGaussian();
        sum += centre[j] * centre[j];
      }
      for (int j = 0; j < dimension; j++) {
        centre[j] /= (float) Math.sqrt(sum);
      }
      centres[c] = centre;
    }
  }

  /** Writes one point at {@code offset}. */
  void next(float[] into, int offset) {
    float[] centre = centres[random.nextInt(centres.length)];
    double sum = 0;
    for (int j = 0; j < dimension; j++) {
      float x = (float) (centre[j] + noise * random.nextGaussian());
      into[offset + j] = x;
      sum += x * x;
    }
    if (unit) {
      float norm = (float) Math.sqrt(sum);
      for (int j = 0; j < dimension; j++) {
        into[offset + j] /= norm;
      }
    }
  }

  /** {@code rows} points, row-major. */
  float[] rows(int rows) {
    float[] data = new float[rows * dimension];
    for (int r = 0; r < rows; r++) {
      next(data, r * dimension);
    }
    return data;
  }

  /** One point. */
  float[] one() {
    float[] v = new float[dimension];
    next(v, 0);
    return v;
  }
}
