package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeLocksTest {
  @Test
  void read_untouchedList_copiesCountAndEntries() {
    NodeLocks locks = new NodeLocks();
    int[] list = {0, 3, 7, 8, 9, 0};
    int[] out = new int[4];
    assertEquals(3, locks.read(0, list, 1, 4, out));
    assertEquals(7, out[0]);
    assertEquals(9, out[2]);
  }

  /**
   * A writer keeps rewriting one list (and a neighbour in the same stripe) so that every entry
   * equals the count and the count changes each time, as a pruning does; readers copying it
   * without a lock must never see a count with entries of another write.
   */
  @Test
  void read_whileAWriterRewritesTheList_neverMixesTwoWrites() throws Exception {
    HnswGraph g = new HnswGraph(1, 4, 4097); // nodes 0 and 4096 share a stripe
    for (int i = 0; i < 4097; i++) {
      g.append(i, new float[] {i}, 0);
    }
    int cap = g.maxM0;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    Thread writer = new Thread(() -> {
      int[] src = new int[cap];
      for (int w = 0; !stop.get(); w++) {
        int n = 1 + w % cap;
        Arrays.fill(src, n);
        int node = (w & 1) == 0 ? 0 : 4096;
        synchronized (g.locks.of(node)) {
          g.setNeighbours(node, 0, src, n);
        }
      }
    });
    Runnable reader = () -> {
      int[] out = new int[cap];
      while (!stop.get()) {
        for (int node : new int[] {0, 4096}) {
          int n = g.neighbours(node, 0, out);
          for (int i = 0; i < n; i++) {
            if (out[i] != n) {
              bad.compareAndSet(null, "node " + node + ": count " + n + ", entry " + i + " = "
                  + out[i]);
            }
          }
          reads.incrementAndGet();
        }
      }
    };
    Thread r1 = new Thread(reader);
    Thread r2 = new Thread(reader);
    writer.start();
    r1.start();
    r2.start();
    Thread.sleep(1000);
    stop.set(true);
    writer.join();
    r1.join();
    r2.join();
    assertNull(bad.get(), bad.get());
    assertTrue(reads.get() > 1000, reads.get() + " reads");
  }
}
