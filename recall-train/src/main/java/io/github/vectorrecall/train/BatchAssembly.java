package io.github.vectorrecall.train;

import io.github.vectorrecall.model.internal.ModelSpec;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Assembles batches in Java on a thread of its own, one batch ahead of the step that trains on
 * the previous one: drawing the sampled negatives, filling the targets, users and windows,
 * gathering the distinct items (dropping some ids when asked), and the corrections and masks ({@link TrainingStep#prepare}).
 * Torch's step and the Java assembly then share the time of two cores instead of taking turns.
 *
 * <p>The batches and every draw from the epoch's generator come in the order of a single
 * thread, so a seed still gives the same model bit for bit. Two buffers alternate: batch {@code
 * i + 1} is assembled into the buffer that batch {@code i - 1} has finished with.
 */
final class BatchAssembly implements AutoCloseable {
  private final TrainingBatches batches;
  private final Negatives negatives;
  private final ItemRows itemRows;
  private final TrainingStep step;
  private final TrainingBatch[] buffers;
  private final float itemIdDropout;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "batch-assembly");
    t.setDaemon(true);
    return t;
  });
  private Random rnd;
  private int count;
  private Future<TrainingBatch> next;

  /**
   * Creates the assembly of one fit.
   *
   * @param batches the epoch's targets, cut into batches
   * @param negatives where the sampled negatives are drawn from
   * @param itemRows the catalog's item-tower inputs
   * @param step the step whose Java side is prepared here
   * @param batch targets per batch
   * @param spec the model layout
   * @param itemIdDropout the share of a batch's distinct items that lose their id ({@link
   *     ItemRows#dropIds})
   */
  BatchAssembly(TrainingBatches batches, Negatives negatives, ItemRows itemRows,
      TrainingStep step, int batch, ModelSpec spec, float itemIdDropout) {
    this.itemIdDropout = itemIdDropout;
    this.batches = batches;
    this.negatives = negatives;
    this.itemRows = itemRows;
    this.step = step;
    this.buffers = new TrainingBatch[] {new TrainingBatch(batch, negatives.sampled(), spec),
        new TrainingBatch(batch, negatives.sampled(), spec)};
  }

  /**
   * Starts an epoch: shuffles the batches with the epoch's generator and begins its first
   * batch. The previous epoch's batches must all have been taken.
   *
   * @param epochRandom the epoch's generator, used only by the assembly from here on
   * @param batchCount the batches of the epoch
   */
  void startEpoch(Random epochRandom, int batchCount) {
    this.rnd = epochRandom;
    this.count = batchCount;
    batches.shuffle(rnd);
    next = worker.submit(() -> assemble(0));
  }

  /**
   * The next batch of the epoch, waiting for it if needed; begins the one after it.
   *
   * @param index the batch's place in the epoch, 0, 1, ... in turn
   * @return the batch, ready for {@link TrainingStep#run}
   */
  TrainingBatch take(int index) {
    TrainingBatch b;
    try {
      b = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while assembling batch " + index, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("assembling batch " + index + " failed", cause);
    }
    next = index + 1 < count ? worker.submit(() -> assemble(index + 1)) : null;
    return b;
  }

  private TrainingBatch assemble(int index) {
    TrainingBatch b = buffers[index & 1];
    negatives.draw(rnd, b.sampledRows);
    batches.fill(index, b);
    itemRows.gather(b);
    ItemRows.dropIds(b, itemIdDropout, rnd);
    step.prepare(b);
    return b;
  }

  /** Stops the assembly thread; a batch being assembled is abandoned. */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
