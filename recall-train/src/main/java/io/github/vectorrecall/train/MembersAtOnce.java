package io.github.vectorrecall.train;

import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an ensemble's members on threads of their own, at most {@code parallel} at a time, for
 * {@link TwoTowerTrainer}. The first failure cancels the others (their next batch sees the
 * interrupt) and is thrown once every thread has stopped, so that no member outlives the call or
 * the torch state it ran under.
 */
final class MembersAtOnce {
  private static final Logger LOG = LoggerFactory.getLogger(MembersAtOnce.class);

  private MembersAtOnce() {}

  /**
   * Runs every member and returns their results in the members' order.
   *
   * @param members the members' work
   * @param parallel threads, at least 2
   * @return each member's result
   * @throws RuntimeException the first failure, as thrown by its member
   */
  static <T> List<T> run(List<Callable<T>> members, int parallel) {
    AtomicInteger threadIndex = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "vectorrecall-member-" + threadIndex.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<T> done = new ExecutorCompletionService<>(pool);
      List<Future<T>> futures = new ArrayList<>(members.size());
      for (Callable<T> member : members) {
        futures.add(done.submit(member));
      }
      for (int i = 0; i < members.size(); i++) {
        done.take().get(); // in the order they finish: the first failure throws here
      }
      List<T> results = new ArrayList<>(members.size());
      for (Future<T> f : futures) {
        results.add(f.get()); // all done
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training the ensemble's members", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("an ensemble member failed", e.getCause());
    } finally {
      pool.shutdownNow();
      awaitStopped(pool);
    }
  }

  private static void awaitStopped(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
        LOG.info("Waiting for the ensemble's other members to stop");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A listener that several members' threads may call: one call at a time, so that the caller's
   * listener needs no locking of its own.
   *
   * @param listener the caller's listener
   * @return the listener, its calls serialised
   */
  static TrainingListener oneAtATime(TrainingListener listener) {
    return new TrainingListener() {
      @Override
      public synchronized void onStart(int epochs, long examplesPerEpoch) {
        listener.onStart(epochs, examplesPerEpoch);
      }

      @Override
      public synchronized void onProgress(int epoch, long examplesDone, long examplesTotal,
          double runningLoss) {
        listener.onProgress(epoch, examplesDone, examplesTotal, runningLoss);
      }

      @Override
      public synchronized void onEpochEnd(EpochStats stats) {
        listener.onEpochEnd(stats);
      }
    };
  }
}
