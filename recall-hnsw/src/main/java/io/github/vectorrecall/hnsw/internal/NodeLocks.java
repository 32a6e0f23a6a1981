package io.github.vectorrecall.hnsw.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lock stripes over the nodes of a graph, each with a sequence number (a seqlock, as {@link
 * java.util.concurrent.locks.StampedLock}'s optimistic reads). Writers of a node's neighbour
 * lists hold its stripe's monitor, which orders them among themselves, and around the few
 * nanoseconds in which they store a list they make the stripe's sequence odd ({@link
 * #beginWrite}, {@link #endWrite}). Readers take no lock: {@link #read} copies a list and keeps
 * the copy only if the sequence was even and unchanged across it, so a copy never mixes a count
 * and entries from two writes. 4,096 stripes keep contention low without a lock object per node.
 */
public final class NodeLocks {
  private static final int STRIPES = 4096;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(int[].class);
  /** Tries of a read that meets a write before it yields the processor between tries. */
  private static final int SPINS = 64;
  private final Object[] stripes = new Object[STRIPES];
  /** Per stripe: even when no list of the stripe is being stored, odd while one is. */
  private final int[] sequences = new int[STRIPES];

  /** Creates the stripes. */
  public NodeLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /** The monitor that writers of a node's neighbour lists hold. */
  Object of(int node) {
    return stripes[node & (STRIPES - 1)];
  }

  /**
   * Marks the node's stripe as being written: call with its monitor held, right before storing
   * a list, and call {@link #endWrite} right after. The atomic add is a full fence, so no store
   * of the list moves above it.
   */
  void beginWrite(int node) {
    SEQ.getAndAdd(sequences, node & (STRIPES - 1), 1);
  }

  /** Ends {@link #beginWrite}: the release store keeps the list's stores above it. */
  void endWrite(int node) {
    int s = node & (STRIPES - 1);
    SEQ.setRelease(sequences, s, sequences[s] + 1);
  }

  /**
   * Copies a neighbour list consistently without a lock: the count at {@code off} of {@code
   * list} and the entries after it, as one write left them. A read that meets a write tries
   * again (the write stores at most {@code cap + 1} ints).
   *
   * @param node the node whose list it is
   * @param list the array that holds the list
   * @param off where the list's count is
   * @param cap the most entries the list holds
   * @param out receives the entries
   * @return the count
   */
  int read(int node, int[] list, int off, int cap, int[] out) {
    int s = node & (STRIPES - 1);
    for (int tries = 1; ; tries++) {
      int before = (int) SEQ.getAcquire(sequences, s);
      if ((before & 1) == 0) {
        int n = list[off];
        if (n >= 0 && n <= cap) {
          System.arraycopy(list, off + 1, out, 0, n);
          VarHandle.acquireFence(); // the copy's loads stay above the check
          if ((int) SEQ.getVolatile(sequences, s) == before) {
            return n;
          }
        }
      }
      if (tries % SPINS == 0) {
        Thread.yield(); // the writer may have lost its processor mid-store
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
