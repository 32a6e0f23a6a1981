package io.github.vectorrecall.train;

import io.github.vectorrecall.torch.internal.TorchRuntime;

/**
 * Torch's state for one training run on the calling thread, restored on {@link #close()}.
 *
 * <p>Torch's grad mode is per thread, and DJL turns it off only on the thread that loaded the
 * engine; a gradient collector restores whatever mode it found. The optimizer's in-place updates
 * need it off, whichever thread trains, so the scope turns it off. An explicit thread count also
 * applies when the engine was loaded earlier (torch's intra-op pool is process-wide); the scope
 * restores the former count. Before the engine is first loaded, the thread counts it reads at
 * load time are set as system properties, unless the caller set them.
 */
final class TorchScope implements AutoCloseable {
  private final boolean gradMode;
  private final int threads;

  private TorchScope(boolean gradMode, int threads) {
    this.gradMode = gradMode;
    this.threads = threads;
  }

  /**
   * Loads the engine if needed and turns grad mode off on this thread.
   *
   * @param threads intra-op threads for this run, 0 to keep the current count (all cores when
   *     the engine is loaded now)
   * @return the scope; close it on the same thread
   */
  static TorchScope open(int threads) {
    configureThreads(threads);
    TorchRuntime.engine();
    TorchScope scope = new TorchScope(TorchRuntime.gradMode(), TorchRuntime.threads());
    TorchRuntime.setGradMode(false);
    if (threads > 0) {
      TorchRuntime.setThreads(threads);
    }
    return scope;
  }

  private static void configureThreads(int threads) {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** Restores the grad mode and thread count found by {@link #open(int)}. */
  @Override
  public void close() {
    TorchRuntime.setGradMode(gradMode);
    TorchRuntime.setThreads(threads);
  }
}
