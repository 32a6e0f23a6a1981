package io.github.vectorrecall.train;

import io.github.vectorrecall.torch.internal.TorchRuntime;

/**
 * Torch's state for one training run on the calling thread, restored on {@link #close()}.
 *
 * <p>Torch's grad mode is per thread, and DJL turns it off only on the thread that loaded the
 * engine; the training step turns it on for its forward and backward passes and restores
 * whatever mode it found. The optimizer's in-place updates need it off, whichever thread
 * trains, so the scope turns it off. An explicit thread count also
 * applies when the engine was loaded earlier (torch's intra-op pool is process-wide); the scope
 * restores the former count. The engine is loaded with this run's thread count when it is not
 * loaded yet ({@link TorchRuntime#load(int)}).
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
    TorchRuntime.load(threads);
    TorchScope scope = new TorchScope(TorchRuntime.gradMode(), TorchRuntime.threads());
    TorchRuntime.setGradMode(false);
    if (threads > 0) {
      TorchRuntime.setThreads(threads);
    }
    return scope;
  }

  /** Restores the grad mode and thread count found by {@link #open(int)}. */
  @Override
  public void close() {
    TorchRuntime.setGradMode(gradMode);
    TorchRuntime.setThreads(threads);
  }
}
