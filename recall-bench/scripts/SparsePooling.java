import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;

/**
 * Whether torch's sparse product would pool a training batch's histories faster than the
 * trainer's window batches (TwoTowerNet.pooledWindows): forward and backward of each, on the
 * shapes of a MovieLens 100K batch, one torch thread.
 *
 * <ul>
 *   <li>windows: 133 windows of 4 targets over a context of 53 items; the context's rows of the
 *       item table (1,683 × 64), a batched product with the (133, 4, 53) weights, each target's
 *       row picked out, as the trainer does;
 *   <li>sparse: one (512 × 1,683) COO matrix of 50 weighted items per target times the table.
 * </ul>
 *
 * <p>Both backward passes reach the table's gradient. Prints the median of 5 rounds of 200
 * passes each, in microseconds a pass. Run from the repository root after {@code mvn install}:
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp "examples/target/lib/*"
 * recall-bench/scripts/SparsePooling.java}
 */
public class SparsePooling {
  static final int TARGETS = 512;
  static final int HISTORY = 50;
  static final int ITEMS = 1683;
  static final int WIDTH = 64;
  static final int WINDOWS = 133;
  static final int CONTEXT = 53;

  public static void main(String[] args) {
    Random random = new Random(42);
    long[] coo = new long[2 * TARGETS * HISTORY];
    float[] weights = new float[TARGETS * HISTORY];
    for (int i = 0; i < TARGETS * HISTORY; i++) {
      coo[i] = i / HISTORY;
      coo[TARGETS * HISTORY + i] = 1 + random.nextInt(ITEMS - 1);
      weights[i] = (float) Math.exp(-0.1 * (i % HISTORY));
    }
    long[] context = new long[WINDOWS * CONTEXT];
    for (int i = 0; i < context.length; i++) {
      context[i] = 1 + random.nextInt(ITEMS - 1);
    }
    float[] windowWeights = new float[WINDOWS * 4 * CONTEXT];
    for (int i = 0; i < windowWeights.length; i++) {
      windowWeights[i] = random.nextFloat();
    }
    long[] slots = new long[TARGETS];
    for (int i = 0; i < TARGETS; i++) {
      slots[i] = i;
    }
    try (NDManager base = NDManager.newBaseManager()) {
      NDArray table = base.randomNormal(new Shape(ITEMS, WIDTH));
      table.setRequiresGradient(true);
      double[] sparse = new double[5];
      double[] windows = new double[5];
      for (int round = 0; round < 5; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          try (NDManager step = base.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray matrix = JniUtils.createSparseCoo(
                (PtNDArray) step.create(coo, new Shape(2, TARGETS * HISTORY)),
                (PtNDArray) step.create(weights), new Shape(TARGETS, ITEMS));
            gc.backward(matrix.matMul(table).sum());
          }
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          try (NDManager step = base.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray rows = step.create(context, new Shape(WINDOWS, CONTEXT));
            NDArray embedded = lookup(rows, table);
            NDArray pooled = step.create(windowWeights, new Shape(WINDOWS, 4, CONTEXT))
                .matMul(embedded).reshape(WINDOWS * 4, WIDTH);
            gc.backward(lookup(step.create(slots), pooled).sum());
          }
        }
        long t2 = System.nanoTime();
        sparse[round] = (t1 - t0) / 200e3;
        windows[round] = (t2 - t1) / 200e3;
      }
      Arrays.sort(sparse);
      Arrays.sort(windows);
      System.out.printf("us a pass, forward and backward (median of 5 rounds): windows %.0f,"
          + " sparse %.0f (%.2fx)%n", windows[2], sparse[2], sparse[2] / windows[2]);
    }
  }

  private static NDArray lookup(NDArray indices, NDArray table) {
    return indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE)
        .singletonOrThrow();
  }
}
