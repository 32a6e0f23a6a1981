package io.github.vectorrecall.hnsw.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on {@code jdk.incubator.vector} at the CPU's preferred width, two vector
 * accumulators, a scalar tail. Loaded only when the module is in the boot layer.
 */
final class PanamaScorer extends Scorer {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  @Override
  public float dot(float[] a, int offA, float[] b, int offB, int dimension) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int i = 0;
    int bound2 = dimension - 2 * LANES;
    for (; i <= bound2; i += 2 * LANES) {
      acc0 = FloatVector.fromArray(SPECIES, a, offA + i)
          .fma(FloatVector.fromArray(SPECIES, b, offB + i), acc0);
      acc1 = FloatVector.fromArray(SPECIES, a, offA + i + LANES)
          .fma(FloatVector.fromArray(SPECIES, b, offB + i + LANES), acc1);
    }
    if (i <= dimension - LANES) {
      acc0 = FloatVector.fromArray(SPECIES, a, offA + i)
          .fma(FloatVector.fromArray(SPECIES, b, offB + i), acc0);
      i += LANES;
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dimension; i++) {
      s += a[offA + i] * b[offB + i];
    }
    return s;
  }

  @Override
  public float squareDistance(float[] a, int offA, float[] b, int offB, int dimension) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int i = 0;
    int bound2 = dimension - 2 * LANES;
    for (; i <= bound2; i += 2 * LANES) {
      FloatVector d0 = FloatVector.fromArray(SPECIES, a, offA + i)
          .sub(FloatVector.fromArray(SPECIES, b, offB + i));
      FloatVector d1 = FloatVector.fromArray(SPECIES, a, offA + i + LANES)
          .sub(FloatVector.fromArray(SPECIES, b, offB + i + LANES));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
    }
    if (i <= dimension - LANES) {
      FloatVector d0 = FloatVector.fromArray(SPECIES, a, offA + i)
          .sub(FloatVector.fromArray(SPECIES, b, offB + i));
      acc0 = d0.fma(d0, acc0);
      i += LANES;
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dimension; i++) {
      float d = a[offA + i] - b[offB + i];
      s += d * d;
    }
    return s;
  }

  @Override
  public String describe() {
    return "Vector API, " + SPECIES.vectorBitSize() + "-bit";
  }
}
