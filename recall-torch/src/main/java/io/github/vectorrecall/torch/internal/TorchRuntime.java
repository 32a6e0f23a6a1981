package io.github.vectorrecall.torch.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch settings that DJL's public API does not reach: the thread counts read when the
 * engine loads, the calling thread's grad mode and the size of torch's intra-op thread pool. The
 * one place outside DJL that calls its engine internals ({@code ai.djl.pytorch.jni}), so that a
 * DJL upgrade that moves them is fixed here.
 */
public final class TorchRuntime {
  /** The DJL engine name of PyTorch. */
  public static final String ENGINE = "PyTorch";

  private TorchRuntime() {}

  /**
   * Loads the PyTorch engine (and its native library) if it is not loaded yet.
   *
   * @return the engine
   */
  public static Engine engine() {
    return Engine.getEngine(ENGINE);
  }

  /**
   * Loads the PyTorch engine if it is not loaded yet. Before the first load, sets the thread
   * counts torch reads at load time, unless the system properties already hold them: {@code
   * threads} intra-op threads (all cores when 0) and one inter-op thread.
   *
   * @param threads intra-op threads for a first load, 0 for all cores
   * @return the engine
   * @throws IllegalArgumentException if threads is negative
   */
  public static Engine load(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0; threads=" + threads);
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    return engine();
  }

  /**
   * Whether torch records gradients on the calling thread.
   *
   * @return the calling thread's grad mode
   */
  public static boolean gradMode() {
    return JniUtils.isGradMode();
  }

  /**
   * Turns gradient recording on or off for the calling thread.
   *
   * @param enabled the grad mode
   */
  public static void setGradMode(boolean enabled) {
    JniUtils.setGradMode(enabled);
  }

  /**
   * The size of torch's intra-op thread pool (process-wide).
   *
   * @return the thread count
   */
  public static int threads() {
    return JniUtils.getNumThreads();
  }

  /**
   * Sets the size of torch's intra-op thread pool (process-wide).
   *
   * @param threads the thread count
   * @throws IllegalArgumentException if not positive
   */
  public static void setThreads(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive; threads=" + threads);
    }
    JniUtils.setNumThreads(threads);
  }

  /**
   * Runs the backward pass from a scalar on the calling thread: every tensor that requires a
   * gradient and took part in computing {@code loss} (recorded while the calling thread's grad
   * mode was on) gets {@code d loss / d tensor} added to its gradient.
   *
   * <p>Unlike DJL's gradient collector, which allows one collector in the whole process at a
   * time, this lets several threads train models of their own at once: torch's grad mode and
   * autograd graphs are per thread.
   *
   * @param loss a scalar computed with grad mode on
   */
  public static void backward(NDArray loss) {
    try (NDArray seed = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }
  }
}
