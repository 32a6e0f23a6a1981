package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.RecallException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the helper tasks of a build or a split search. */
public final class Futures {
  private Futures() {}

  /**
   * Waits for every task to end, ignoring interrupts (restored afterwards) and the tasks' own
   * failures: used after a failure, so that no helper thread still touches the index once its
   * caller lets go of the lock.
   *
   * @param futures the tasks
   */
  public static void awaitQuietly(List<? extends Future<?>> futures) {
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (!f.isDone()) {
        try {
          f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The result of a helper task; its unchecked exception or error is rethrown as it is (as the
   * calling thread would have thrown it), anything else becomes a {@link RecallException}.
   *
   * @param f the task
   * @param what what the task does, for the message ("searching")
   * @param <T> result type
   * @return the result
   * @throws RecallException if interrupted (the interrupt is restored) or the task failed
   *     otherwise
   */
  public static <T> T join(Future<T> f, String what) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecallException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new RecallException(what + " failed: " + cause, cause);
    }
  }
}
