package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A short, JMH-free measurement of the int8 kernels and scan (not a test; each mode runs well
 * under a minute). Run from recall-hnsw after {@code mvn test-compile}:
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp target/classes:target/test-classes:CP \
 *     io.github.vectorrecall.hnsw.internal.Int8Bench kernels|scan|recall|plain|rows
 * </pre>
 *
 * <ul>
 *   <li>{@code kernels}: ns per row of float {@code dot} and int8 {@code dotBytes} over
 *       contiguous rows (a scan) and over random rows, 32 per call (a graph walk), for the
 *       scalar kernels and, with the vector module, the SIMD ones; 64 and 128 dimensions, a
 *       matrix that fits the caches (2,000 rows) and one that does not (500,000).
 *   <li>{@code scan}: ms per query of {@link ExactScan#rows} and {@link Int8ExactScan#rows} (on
 *       row-major codes, then on the blocked layout) on
 *       100,000 clustered unit vectors, K = 500, one thread, with the kernels of this JVM.
 *   <li>{@code recall}: the recall of the int8 scan against the float one, K = 500 of 20,000,
 *       for oversampling 1, 1.5, 2, 3 and 4.
 *   <li>{@code plain}: the scalar int8 kernel against a plain one-sum loop (which the JIT might
 *       vectorise itself).
 *   <li>{@code rows}: the SIMD row kernels, four rows per pass, against one call per row.
 * </ul>
 *
 * <p>Times are this thread's CPU time, the fastest of five windows, after a warm-up of
 * {@code -Dwarmup=} CPU ms (default 400); {@code -Dmeasure=} sets the CPU ms of the five
 * windows together.
 */
public final class Int8Bench {
  private static volatile long sink;

  private Int8Bench() {}

  /**
   * Runs a mode.
   *
   * @param args the mode: kernels, scan or recall
   * @throws ReflectiveOperationException if the SIMD kernels cannot be made
   */
  public static void main(String[] args) throws ReflectiveOperationException {
    String mode = args.length > 0 ? args[0] : "kernels";
    System.out.println(Runtime.version() + ", kernels of this JVM: " + Scorer.INSTANCE.describe());
    switch (mode) {
      case "kernels" -> kernels();
      case "scan" -> scan();
      case "recall" -> recall();
      case "plain" -> plain();
      case "rows" -> rows();
      default -> throw new IllegalArgumentException(
          "mode must be kernels, scan, recall, plain or rows; mode=" + mode);
    }
  }

  private interface Run {
    /** Scores {@code rowsPerRun} rows; returns something that depends on the scores. */
    long run();
  }

  /**
   * CPU ms of warm-up before each measurement (-Dwarmup=): long enough for C2 on a busy machine.
   * -Dmeasure= sets the CPU ms of each measurement (five windows) instead of the mode's.
   */
  private static final long WARMUP_MS = Long.getLong("warmup", 400);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Nanoseconds of this thread's CPU time per row: a warm-up, then five windows of {@code millis
   * / 5} CPU ms, the fastest of which counts. CPU time rather than wall time, and the fastest
   * window, because the machine is shared: wall time counts the slices other processes take.
   */
  private static double time(Run run, int rowsPerRun, long millis) {
    long end = THREADS.getCurrentThreadCpuTime() + WARMUP_MS * 1_000_000L;
    long check = 0;
    while (THREADS.getCurrentThreadCpuTime() < end) {
      check += run.run();
    }
    double best = Double.MAX_VALUE;
    long window = Long.getLong("measure", millis) * 200_000L;
    for (int w = 0; w < 5; w++) {
      long runs = 0;
      long start = THREADS.getCurrentThreadCpuTime();
      end = start + window;
      long now;
      do {
        check += run.run();
        runs++;
        now = THREADS.getCurrentThreadCpuTime();
      } while (now < end);
      best = Math.min(best, (double) (now - start) / (runs * rowsPerRun));
    }
    sink += check;
    return best;
  }

  private static void kernels() throws ReflectiveOperationException {
    List<Scorer> scorers = new ArrayList<>();
    scorers.add(new ScalarScorer());
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      scorers.add((Scorer) Class.forName("io.github.vectorrecall.hnsw.internal.PanamaScorer")
          .getDeclaredConstructor().newInstance());
    }
    Random rnd = new Random(1);
    System.out.println("kernels         dim    rows  float-scan  int8-scan  float-rand  int8-rand"
        + "   (ns/row)");
    int[] dims = Integer.getInteger("dim", 0) > 0 ? new int[] {Integer.getInteger("dim")}
        : new int[] {64, 128};
    int[] sizes = Integer.getInteger("rows", 0) > 0 ? new int[] {Integer.getInteger("rows")}
        : new int[] {2_000, 500_000};
    for (int dim : dims) {
      for (int rows : sizes) {
        float[] data = new float[rows * dim];
        byte[] codes = new byte[rows * dim];
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) rnd.nextGaussian();
          codes[i] = (byte) (rnd.nextInt(255) - 127);
        }
        float[] q = new float[dim];
        byte[] qc = new byte[dim];
        for (int j = 0; j < dim; j++) {
          q[j] = (float) rnd.nextGaussian();
          qc[j] = (byte) (rnd.nextInt(255) - 127);
        }
        int[] random = new int[1 << 15];
        for (int i = 0; i < random.length; i++) {
          random[i] = rnd.nextInt(rows);
        }
        for (Scorer s : scorers) {
          float[] fout = new float[256];
          int[] iout = new int[256];
          int[] batch = new int[32];
          double floatScan = time(() -> {
            float acc = 0;
            for (int r = 0; r < rows; r++) {
              acc += s.dot(q, 0, data, r * dim, dim);
            }
            return Float.floatToRawIntBits(acc);
          }, rows, 300);
          double int8Scan = time(() -> {
            long acc = 0;
            for (int from = 0; from < rows; from += 256) {
              int to = Math.min(rows, from + 256);
              s.dotBytesRange(qc, codes, from, to, dim, iout);
              acc += iout[0] + iout[to - from - 1];
            }
            return acc;
          }, rows, 300);
          double floatRandom = time(() -> {
            float acc = 0;
            for (int i = 0; i < random.length; i += 32) {
              System.arraycopy(random, i, batch, 0, 32);
              s.dotRows(q, data, batch, 32, dim, fout);
              acc += fout[0] + fout[31];
            }
            return Float.floatToRawIntBits(acc);
          }, random.length, 300);
          double int8Random = time(() -> {
            long acc = 0;
            for (int i = 0; i < random.length; i += 32) {
              System.arraycopy(random, i, batch, 0, 32);
              s.dotBytesRows(qc, codes, batch, 32, dim, iout);
              acc += iout[0] + iout[31];
            }
            return acc;
          }, random.length, 300);
          System.out.printf("%-14s %4d %7d %10.2f %10.2f %11.2f %10.2f%n",
              s.describe().replace("Vector API, ", "simd "), dim, rows, floatScan, int8Scan,
              floatRandom, int8Random);
        }
      }
    }
  }

  /** One sum, no unrolling: what the JIT may vectorise itself. */
  private static int plainDotBytes(byte[] a, int offA, byte[] b, int offB, int dimension) {
    int s = 0;
    for (int i = 0; i < dimension; i++) {
      s += a[offA + i] * b[offB + i];
    }
    return s;
  }

  /** The plain loop against the scalar kernel, in cache. */
  private static void plain() {
    Random rnd = new Random(1);
    Scorer scalar = new ScalarScorer();
    for (int dim : new int[] {64, 128}) {
      int rows = 2_000;
      byte[] codes = new byte[rows * dim];
      byte[] qc = new byte[dim];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = (byte) (rnd.nextInt(255) - 127);
      }
      for (int j = 0; j < dim; j++) {
        qc[j] = (byte) (rnd.nextInt(255) - 127);
      }
      double plain = time(() -> {
        long acc = 0;
        for (int r = 0; r < rows; r++) {
          acc += plainDotBytes(qc, 0, codes, r * dim, dim);
        }
        return acc;
      }, rows, 600);
      double unrolled = time(() -> {
        long acc = 0;
        for (int r = 0; r < rows; r++) {
          acc += scalar.dotBytes(qc, 0, codes, r * dim, dim);
        }
        return acc;
      }, rows, 600);
      System.out.printf("dim %3d  plain loop %6.2f ns/row  scalar kernel %6.2f ns/row%n", dim,
          plain, unrolled);
    }
  }

  /**
   * The SIMD row kernels (four rows per pass) against one {@code dotBytes} call per row, for
   * random and contiguous rows of a matrix larger than the caches; needs the vector module.
   */
  private static void rows() throws ReflectiveOperationException {
    Scorer s = (Scorer) Class.forName("io.github.vectorrecall.hnsw.internal.PanamaScorer")
        .getDeclaredConstructor().newInstance();
    Random rnd = new Random(1);
    for (int dim : new int[] {64, 128}) {
      int rows = 500_000;
      byte[] codes = new byte[rows * dim];
      rnd.nextBytes(codes);
      byte[] qc = new byte[dim];
      rnd.nextBytes(qc);
      int[] random = new int[1 << 15];
      for (int i = 0; i < random.length; i++) {
        random[i] = rnd.nextInt(rows);
      }
      int[] out = new int[256];
      int[] batch = new int[32];
      double fourRandom = time(() -> {
        long acc = 0;
        for (int i = 0; i < random.length; i += 32) {
          System.arraycopy(random, i, batch, 0, 32);
          s.dotBytesRows(qc, codes, batch, 32, dim, out);
          acc += out[0] + out[31];
        }
        return acc;
      }, random.length, 500);
      double oneRandom = time(() -> {
        long acc = 0;
        for (int i = 0; i < random.length; i += 32) {
          System.arraycopy(random, i, batch, 0, 32);
          for (int j = 0; j < 32; j++) {
            out[j] = s.dotBytes(qc, 0, codes, batch[j] * dim, dim);
          }
          acc += out[0] + out[31];
        }
        return acc;
      }, random.length, 500);
      double fourRange = time(() -> {
        long acc = 0;
        for (int from = 0; from < rows; from += 256) {
          s.dotBytesRange(qc, codes, from, Math.min(rows, from + 256), dim, out);
          acc += out[0];
        }
        return acc;
      }, rows, 500);
      double oneRange = time(() -> {
        long acc = 0;
        for (int from = 0; from < rows; from += 256) {
          int to = Math.min(rows, from + 256);
          for (int r = from; r < to; r++) {
            out[r - from] = s.dotBytes(qc, 0, codes, r * dim, dim);
          }
          acc += out[0];
        }
        return acc;
      }, rows, 500);
      System.out.printf("dim %3d  random rows: 4 per pass %6.2f, 1 per call %6.2f ns/row;"
          + "  contiguous: 4 per pass %6.2f, 1 per call %6.2f ns/row%n", dim, fourRandom,
          oneRandom, fourRange, oneRange);
    }
  }

  private static void scan() {
    int rows = 100_000;
    int k = 500;
    float oversample = Int8ExactScanTest.OVERSAMPLE;
    System.out.println("scan, " + rows + " rows, K " + k + ", oversample " + oversample
        + ", one thread, ms/query");
    for (int dim : new int[] {64, 128}) {
      for (Metric metric : new Metric[] {Metric.COSINE, Metric.L2}) {
        ClusteredVectors gen = new ClusteredVectors(dim, 100, 1.0, true, 7 + dim);
        float[] data = gen.rows(rows);
        long[] ids = new long[rows];
        for (int r = 0; r < rows; r++) {
          ids[r] = r;
        }
        ScalarQuantizer sq = ScalarQuantizer.fit(data, rows, dim, 1);
        byte[] codes = new byte[rows * dim];
        for (int r = 0; r < rows; r++) {
          sq.quantize(data, r * dim, codes, r * dim);
        }
        float[] norms = metric == Metric.L2 ? Int8ExactScan.squaredNorms(data, rows, dim) : null;
        float[][] queries = new float[60][];
        for (int i = 0; i < queries.length; i++) {
          queries[i] = gen.one();
        }
        double recall = 0;
        for (float[] q : queries) {
          TopK exact = ExactScan.rows(metric, q, data, ids, null, 0, rows, null, k).toTopK();
          TopK approx = Int8ExactScan.rows(metric, q, data, ids, null, 0, rows, null, k, sq,
              codes, norms, oversample).toTopK();
          recall += Int8ExactScanTest.recall(exact, approx);
        }
        int[] next = {0};
        double floatMs = time(() -> {
          float[] q = queries[next[0]++ % queries.length];
          return ExactScan.rows(metric, q, data, ids, null, 0, rows, null, k).size();
        }, 1, 3_000) / 1e6;
        double int8Ms = time(() -> {
          float[] q = queries[next[0]++ % queries.length];
          return Int8ExactScan.rows(metric, q, data, ids, null, 0, rows, null, k, sq, codes,
              norms, oversample).size();
        }, 1, 3_000) / 1e6;
        byte[] blocked = Int8ExactScanTest.blocked(codes, rows, dim);
        float[] paddedNorms = norms == null ? null : Arrays.copyOf(norms, blocked.length / dim);
        double blockedMs = time(() -> {
          float[] q = queries[next[0]++ % queries.length];
          return Int8ExactScan.rows(metric, q, data, ids, null, 0, rows, null, k, sq, codes,
              blocked, paddedNorms, oversample).size();
        }, 1, 3_000) / 1e6;
        System.out.printf("dim %3d %-6s float %6.2f ms  int8 %6.2f ms  (%.2fx)  int8 blocked "
            + "%6.2f ms  (%.2fx)  recall %.4f%n", dim, metric, floatMs, int8Ms, floatMs / int8Ms,
            blockedMs, floatMs / blockedMs, recall / queries.length);
      }
    }
  }

  private static void recall() {
    int rows = 20_000;
    int k = 500;
    int queries = 20;
    System.out.println("recall of the int8 scan, K " + k + " of " + rows
        + ", mean (min) over " + queries + " queries");
    for (int dim : new int[] {64, 128}) {
      for (double spread : new double[] {0.5, 1.0, 2.0}) {
        for (Metric metric : new Metric[] {Metric.COSINE, Metric.L2}) {
          ClusteredVectors gen = new ClusteredVectors(dim, 100, spread, true, 11 + dim);
          float[] data = gen.rows(rows);
          long[] ids = new long[rows];
          for (int r = 0; r < rows; r++) {
            ids[r] = r;
          }
          ScalarQuantizer sq = ScalarQuantizer.fit(data, rows, dim, 1);
          byte[] codes = new byte[rows * dim];
          for (int r = 0; r < rows; r++) {
            sq.quantize(data, r * dim, codes, r * dim);
          }
          float[] norms = Int8ExactScan.squaredNorms(data, rows, dim);
          StringBuilder line = new StringBuilder(String.format("dim %3d spread %.1f %-6s",
              dim, spread, metric));
          float[][] qs = new float[queries][];
          TopK[] exact = new TopK[queries];
          for (int i = 0; i < queries; i++) {
            qs[i] = gen.one();
            exact[i] = ExactScan.rows(metric, qs[i], data, ids, null, 0, rows, null, k).toTopK();
          }
          for (float r : new float[] {1f, 1.5f, 2f, 3f, 4f}) {
            double sum = 0;
            double min = 1;
            for (int i = 0; i < queries; i++) {
              double rec = Int8ExactScanTest.recall(exact[i], Int8ExactScan.rows(metric, qs[i],
                  data, ids, null, 0, rows, null, k, sq, codes, norms, r).toTopK());
              sum += rec;
              min = Math.min(min, rec);
            }
            line.append(String.format("  r=%.1f %.4f (%.4f)", r, sum / queries, min));
          }
          System.out.println(line);
        }
      }
    }
  }
}
