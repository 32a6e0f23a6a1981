package io.github.vectorrecall.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A diagnostic: with {@code -Dvectorrecall.torchProfile=FILE}, the torch profiler records every
 * op of one fit's epoch {@value #EPOCH} (with shapes) and writes a Chrome trace to {@code FILE};
 * {@code recall-bench/scripts/torch_profile_summary.py FILE} then prints each op's own time per
 * step. Off (one property read per run) unless set.
 */
final class TorchOpProfile {
  /** The epoch profiled: past the first epochs' JIT and allocator warm-up. */
  static final int EPOCH = 3;
  private static final String FILE = System.getProperty("vectorrecall.torchProfile");

  private TorchOpProfile() {}

  /**
   * Whether the profiler was asked for.
   *
   * @return true when {@code vectorrecall.torchProfile} is set
   */
  static boolean active() {
    return FILE != null;
  }

  /** Starts recording at the profiled epoch's start, if asked. */
  static void epochStarts(int epoch) {
    if (FILE != null && epoch == EPOCH) {
      JniUtils.startProfile(false, true, false);
    }
  }

  /** Stops recording and writes the trace at the profiled epoch's end, if asked. */
  static void epochEnds(int epoch) {
    if (FILE != null && epoch == EPOCH) {
      JniUtils.stopProfile(FILE);
    }
  }
}
