package io.github.vectorrecall.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Heap used by one piece of work: the peak while it ran (the sum of the heap pools' peaks, so
 * garbage not yet collected counts) and what stays reachable after it (heap in use after a full
 * collection, less the same figure before it started).
 *
 * <pre>{@code
 * HeapWatch heap = HeapWatch.start();
 * index.addAll(ids, vectors);
 * long peak = heap.peakBytes();
 * long kept = heap.retainedBytes();
 * }</pre>
 */
final class HeapWatch {
  private final long baseline;

  private HeapWatch(long baseline) {
    this.baseline = baseline;
  }

  /**
   * Collects, resets the pools' peaks and notes the heap in use.
   *
   * @return a started watch
   */
  static HeapWatch start() {
    long base = usedAfterGc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    return new HeapWatch(base);
  }

  /**
   * The peak heap in use since {@link #start}, garbage included.
   *
   * @return bytes
   */
  long peakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /**
   * Heap still reachable, over the baseline, after a full collection.
   *
   * @return bytes
   */
  long retainedBytes() {
    return Math.max(0, usedAfterGc() - baseline);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
