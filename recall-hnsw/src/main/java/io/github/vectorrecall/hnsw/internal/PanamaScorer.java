package io.github.vectorrecall.hnsw.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on {@code jdk.incubator.vector} at the CPU's preferred width, two vector
 * accumulators, a scalar tail. Loaded only when the module is in the boot layer.
 *
 * <p>The byte kernels widen bytes to shorts and multiply there, as Lucene's {@code
 * PanamaVectorUtilSupport} does (a product of two bytes fits a short: at most 128 * 128 =
 * 16,384). The products then reach int accumulators without a second widening conversion: the
 * short vector is read as an int vector of half as many lanes, each int holding two adjacent
 * products, and two shifts sign-extend the low and the high one ({@code (w << 16) >> 16} and
 * {@code w >> 16}); each goes to its own accumulator. On JDK 17, a conversion that takes a part
 * of a vector (shorts to ints, part 1) is not compiled to SIMD instructions (its target species
 * is not a constant to C2), and a kernel built on it ran over ten times slower than this one,
 * slower even than the scalar kernel (dimension 128: 117 ns a row, against 10); the shifts
 * compile on every JDK. Vectors are as wide as the CPU prefers (512, 256 or 128 bits), the
 * bytes half as wide.
 */
final class PanamaScorer extends Scorer {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** The accumulators; as wide as {@link #SHORTS}, whose products they read in pairs. */
  private static final VectorSpecies<Integer> INTS = intSpecies();
  private static final VectorSpecies<Short> SHORTS =
      VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize()));
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
  /** Components per step of the byte kernels. */
  private static final int BYTE_STEP = BYTES.length();
  /**
   * Bytes as wide as a quarter of {@link #INTS}, so that one widening fills an int vector: the
   * block kernel's loads; null below 256-bit ints (no byte shape is that narrow).
   */
  private static final VectorSpecies<Byte> QUARTER_BYTES = INTS.vectorBitSize() >= 256
      ? VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 4)) : null;
  /** Floats as wide as {@link #INTS}: the block kernel's scores. */
  private static final VectorSpecies<Float> INT_WIDE_FLOATS =
      VectorSpecies.of(float.class, INTS.vectorShape());

  /**
   * The preferred int species when it is 512 or 256 bits, else 128 bits (the narrowest whose
   * byte half, 64 bits, is a shape; a CPU of another width, as some SVE ones, gets 128 too).
   */
  private static VectorSpecies<Integer> intSpecies() {
    int bits = IntVector.SPECIES_PREFERRED.vectorBitSize();
    if (bits == 512) {
      return IntVector.SPECIES_512;
    }
    return bits == 256 ? IntVector.SPECIES_256 : IntVector.SPECIES_128;
  }

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
  public void dotRows(float[] q, float[] data, int[] rows, int n, int dimension, float[] out) {
    // No touch pass here: four interleaved rows keep enough loads in flight, and the extra pass
    // made searches about 10% slower (reference data, K = 500, ef 800).
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      dot4(q, data, rows[i] * dimension, rows[i + 1] * dimension, rows[i + 2] * dimension,
          rows[i + 3] * dimension, dimension, out, i);
    }
    for (; i < n; i++) {
      out[i] = dot(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  /**
   * Four dot products in one pass over the query. Each row is summed exactly as {@link #dot}
   * sums it (the same two accumulators, the same tail), so the scores are the same bits.
   */
  private static void dot4(float[] q, float[] data, int o0, int o1, int o2, int o3,
      int dimension, float[] out, int at) {
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector b0 = FloatVector.zero(SPECIES);
    FloatVector b1 = FloatVector.zero(SPECIES);
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = FloatVector.zero(SPECIES);
    FloatVector d0 = FloatVector.zero(SPECIES);
    FloatVector d1 = FloatVector.zero(SPECIES);
    int i = 0;
    int bound2 = dimension - 2 * LANES;
    for (; i <= bound2; i += 2 * LANES) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, q, i);
      FloatVector x1 = FloatVector.fromArray(SPECIES, q, i + LANES);
      a0 = x0.fma(FloatVector.fromArray(SPECIES, data, o0 + i), a0);
      b0 = x0.fma(FloatVector.fromArray(SPECIES, data, o1 + i), b0);
      c0 = x0.fma(FloatVector.fromArray(SPECIES, data, o2 + i), c0);
      d0 = x0.fma(FloatVector.fromArray(SPECIES, data, o3 + i), d0);
      a1 = x1.fma(FloatVector.fromArray(SPECIES, data, o0 + i + LANES), a1);
      b1 = x1.fma(FloatVector.fromArray(SPECIES, data, o1 + i + LANES), b1);
      c1 = x1.fma(FloatVector.fromArray(SPECIES, data, o2 + i + LANES), c1);
      d1 = x1.fma(FloatVector.fromArray(SPECIES, data, o3 + i + LANES), d1);
    }
    if (i <= dimension - LANES) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, q, i);
      a0 = x0.fma(FloatVector.fromArray(SPECIES, data, o0 + i), a0);
      b0 = x0.fma(FloatVector.fromArray(SPECIES, data, o1 + i), b0);
      c0 = x0.fma(FloatVector.fromArray(SPECIES, data, o2 + i), c0);
      d0 = x0.fma(FloatVector.fromArray(SPECIES, data, o3 + i), d0);
      i += LANES;
    }
    float s0 = a0.add(a1).reduceLanes(VectorOperators.ADD);
    float s1 = b0.add(b1).reduceLanes(VectorOperators.ADD);
    float s2 = c0.add(c1).reduceLanes(VectorOperators.ADD);
    float s3 = d0.add(d1).reduceLanes(VectorOperators.ADD);
    for (; i < dimension; i++) {
      s0 += q[i] * data[o0 + i];
      s1 += q[i] * data[o1 + i];
      s2 += q[i] * data[o2 + i];
      s3 += q[i] * data[o3 + i];
    }
    out[at] = s0;
    out[at + 1] = s1;
    out[at + 2] = s2;
    out[at + 3] = s3;
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
  public int dotBytes(byte[] a, int offA, byte[] b, int offB, int dimension) {
    IntVector acc0 = IntVector.zero(INTS);
    IntVector acc1 = IntVector.zero(INTS);
    int i = 0;
    int bound = dimension - BYTE_STEP;
    for (; i <= bound; i += BYTE_STEP) {
      IntVector pairs = shorts(a, offA + i).mul(shorts(b, offB + i)).reinterpretAsInts();
      acc0 = acc0.add(low(pairs));
      acc1 = acc1.add(high(pairs));
    }
    int s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < dimension; i++) {
      s += a[offA + i] * b[offB + i];
    }
    return s;
  }

  /** {@link #BYTE_STEP} bytes from {@code offset}, widened to shorts. */
  private static Vector<Short> shorts(byte[] array, int offset) {
    return ByteVector.fromArray(BYTES, array, offset).convertShape(VectorOperators.B2S, SHORTS, 0);
  }

  /** The low short of each int, sign-extended. */
  private static IntVector low(IntVector pairs) {
    return pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
  }

  /** The high short of each int, sign-extended. */
  private static IntVector high(IntVector pairs) {
    return pairs.lanewise(VectorOperators.ASHR, 16);
  }

  @Override
  public void dotBytesRows(byte[] q, byte[] data, int[] rows, int n, int dimension, int[] out) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      dotBytes4(q, data, rows[i] * dimension, rows[i + 1] * dimension, rows[i + 2] * dimension,
          rows[i + 3] * dimension, dimension, out, i);
    }
    for (; i < n; i++) {
      out[i] = dotBytes(q, 0, data, rows[i] * dimension, dimension);
    }
  }

  @Override
  public void dotBytesRange(byte[] q, byte[] data, int fromRow, int toRow, int dimension,
      int[] out) {
    int row = fromRow;
    int offset = fromRow * dimension;
    for (; row + 4 <= toRow; row += 4, offset += 4 * dimension) {
      dotBytes4(q, data, offset, offset + dimension, offset + 2 * dimension,
          offset + 3 * dimension, dimension, out, row - fromRow);
    }
    for (; row < toRow; row++, offset += dimension) {
      out[row - fromRow] = dotBytes(q, 0, data, offset, dimension);
    }
  }

  /**
   * Four byte dot products in one pass over the query: the query is loaded and widened once per
   * step for all four rows, and the four rows' loads are in flight together.
   */
  private static void dotBytes4(byte[] q, byte[] data, int o0, int o1, int o2, int o3,
      int dimension, int[] out, int at) {
    IntVector a0 = IntVector.zero(INTS);
    IntVector a1 = IntVector.zero(INTS);
    IntVector b0 = IntVector.zero(INTS);
    IntVector b1 = IntVector.zero(INTS);
    IntVector c0 = IntVector.zero(INTS);
    IntVector c1 = IntVector.zero(INTS);
    IntVector d0 = IntVector.zero(INTS);
    IntVector d1 = IntVector.zero(INTS);
    int i = 0;
    int bound = dimension - BYTE_STEP;
    for (; i <= bound; i += BYTE_STEP) {
      Vector<Short> x = shorts(q, i);
      IntVector p = x.mul(shorts(data, o0 + i)).reinterpretAsInts();
      a0 = a0.add(low(p));
      a1 = a1.add(high(p));
      p = x.mul(shorts(data, o1 + i)).reinterpretAsInts();
      b0 = b0.add(low(p));
      b1 = b1.add(high(p));
      p = x.mul(shorts(data, o2 + i)).reinterpretAsInts();
      c0 = c0.add(low(p));
      c1 = c1.add(high(p));
      p = x.mul(shorts(data, o3 + i)).reinterpretAsInts();
      d0 = d0.add(low(p));
      d1 = d1.add(high(p));
    }
    int s0 = a0.add(a1).reduceLanes(VectorOperators.ADD);
    int s1 = b0.add(b1).reduceLanes(VectorOperators.ADD);
    int s2 = c0.add(c1).reduceLanes(VectorOperators.ADD);
    int s3 = d0.add(d1).reduceLanes(VectorOperators.ADD);
    for (; i < dimension; i++) {
      int x = q[i];
      s0 += x * data[o0 + i];
      s1 += x * data[o1 + i];
      s2 += x * data[o2 + i];
      s3 += x * data[o3 + i];
    }
    out[at] = s0;
    out[at + 1] = s1;
    out[at + 2] = s2;
    out[at + 3] = s3;
  }

  @Override
  public boolean vectorized() {
    return true;
  }

  @Override
  public boolean blockedBytes() {
    return QUARTER_BYTES != null;
  }

  /**
   * A block's rows side by side: for each dimension, the block's bytes of it widened to ints
   * (part 0 of a constant species, which compiles on JDK 17) times the query's component, added
   * to per-row int lanes; two accumulators over alternate dimensions. No sum across lanes, which
   * costs the row kernels about as much as their products at 64 dimensions.
   */
  /**
   * {@inheritDoc}
   *
   * <p>Up to {@link #FLOAT_EXACT_DIMENSION} dimensions the codes are widened to floats and
   * multiplied by the query code broadcast from memory, in four fused multiply-adds per step:
   * per dimension one widening, one conversion and one FMA (the int form needs a broadcast from
   * a register and a 32-bit multiply of two micro-ops besides), and every sum is an exact
   * integer. Beyond it, the same in int lanes.
   */
  @Override
  public int scoreBytesBlock(float[] q, byte[] blocked, int block, int dimension, float twoT,
      float[] norms, float bar, float[] out) {
    if (QUARTER_BYTES == null) {
      return super.scoreBytesBlock(q, blocked, block, dimension, twoT, norms, bar, out);
    }
    int lanes = INTS.length();
    int mask = 0;
    for (int part = 0; part < BYTE_BLOCK; part += lanes) {
      int base = block * dimension * BYTE_BLOCK + part;
      FloatVector s = dimension <= FLOAT_EXACT_DIMENSION ? floatDots(q, blocked, base, dimension)
          : (FloatVector) intDots(q, blocked, base, dimension)
              .convertShape(VectorOperators.I2F, INT_WIDE_FLOATS, 0);
      if (norms != null) {
        s = s.mul(twoT).sub(FloatVector.fromArray(INT_WIDE_FLOATS, norms,
            block * BYTE_BLOCK + part));
      }
      s.intoArray(out, part);
      // The lanes' bits from the scores just stored, and only when a lane passes (after the
      // first blocks, rarely): on JDK 17 VectorMask.toLong() is not compiled to a mask move
      // and allocated an array per call, 2 bytes per row scanned.
      if (s.compare(VectorOperators.GT, bar).anyTrue()) {
        for (int i = 0; i < lanes; i++) {
          if (out[part + i] > bar) {
            mask |= 1 << (part + i);
          }
        }
      }
    }
    return mask;
  }

  /** The dot products of one part of a block, summed in float lanes (exact: see the caller). */
  private static FloatVector floatDots(float[] q, byte[] blocked, int base, int dimension) {
    FloatVector a0 = FloatVector.zero(INT_WIDE_FLOATS);
    FloatVector a1 = FloatVector.zero(INT_WIDE_FLOATS);
    FloatVector a2 = FloatVector.zero(INT_WIDE_FLOATS);
    FloatVector a3 = FloatVector.zero(INT_WIDE_FLOATS);
    int d = 0;
    for (; d + 3 < dimension; d += 4) {
      int at = base + d * BYTE_BLOCK;
      a0 = widenFloats(blocked, at).fma(FloatVector.broadcast(INT_WIDE_FLOATS, q[d]), a0);
      a1 = widenFloats(blocked, at + BYTE_BLOCK)
          .fma(FloatVector.broadcast(INT_WIDE_FLOATS, q[d + 1]), a1);
      a2 = widenFloats(blocked, at + 2 * BYTE_BLOCK)
          .fma(FloatVector.broadcast(INT_WIDE_FLOATS, q[d + 2]), a2);
      a3 = widenFloats(blocked, at + 3 * BYTE_BLOCK)
          .fma(FloatVector.broadcast(INT_WIDE_FLOATS, q[d + 3]), a3);
    }
    for (; d < dimension; d++) {
      a0 = widenFloats(blocked, base + d * BYTE_BLOCK)
          .fma(FloatVector.broadcast(INT_WIDE_FLOATS, q[d]), a0);
    }
    return a0.add(a1).add(a2.add(a3));
  }

  /** The dot products of one part of a block, summed in int lanes. */
  private static IntVector intDots(float[] q, byte[] blocked, int base, int dimension) {
    IntVector a0 = IntVector.zero(INTS);
    IntVector a1 = IntVector.zero(INTS);
    int d = 0;
    for (; d + 1 < dimension; d += 2) {
      int at = base + d * BYTE_BLOCK;
      a0 = a0.add(widen(blocked, at).mul((int) q[d]));
      a1 = a1.add(widen(blocked, at + BYTE_BLOCK).mul((int) q[d + 1]));
    }
    for (; d < dimension; d++) {
      a0 = a0.add(widen(blocked, base + d * BYTE_BLOCK).mul((int) q[d]));
    }
    return a0.add(a1);
  }

  /** {@link #QUARTER_BYTES} bytes from {@code offset}, widened to floats. */
  private static FloatVector widenFloats(byte[] array, int offset) {
    return (FloatVector) ByteVector.fromArray(QUARTER_BYTES, array, offset)
        .convertShape(VectorOperators.B2F, INT_WIDE_FLOATS, 0);
  }

  /** {@link #QUARTER_BYTES} bytes from {@code offset}, widened to ints. */
  private static IntVector widen(byte[] array, int offset) {
    return (IntVector) ByteVector.fromArray(QUARTER_BYTES, array, offset)
        .convertShape(VectorOperators.B2I, INTS, 0);
  }

  @Override
  public String describe() {
    return "Vector API, " + SPECIES.vectorBitSize() + "-bit";
  }
}
