package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ConcurrentHnswBuilderTest {
  @Test
  void nextChunk_sizedToHoldTheLockTenMillis_withinBounds() {
    assertEquals(640, ConcurrentHnswBuilder.nextChunk(64, 1_000_000L));
    assertEquals(16, ConcurrentHnswBuilder.nextChunk(64, 1_000_000_000L));
    assertEquals(4096, ConcurrentHnswBuilder.nextChunk(64, 1_000L));
    assertEquals(4096, ConcurrentHnswBuilder.nextChunk(64, 0L));
  }

  @Test
  void inChunks_coversEveryItemOnce_eachUnderTheLock_firstChunkSmall() {
    ReentrantLock lock = new ReentrantLock();
    List<int[]> chunks = new ArrayList<>();
    ConcurrentHnswBuilder.inChunks(10_000, lock, (from, to) -> {
      assertTrue(lock.isHeldByCurrentThread(), "chunk run without the lock");
      chunks.add(new int[] {from, to});
    });
    assertFalse(lock.isLocked());
    assertEquals(0, chunks.get(0)[0]);
    assertEquals(ConcurrentHnswBuilder.ADD_CHUNK, chunks.get(0)[1]);
    for (int i = 1; i < chunks.size(); i++) {
      assertEquals(chunks.get(i - 1)[1], chunks.get(i)[0], "gap before chunk " + i);
    }
    assertEquals(10_000, chunks.get(chunks.size() - 1)[1]);
  }

  @Test
  void inChunks_failingChunk_releasesTheLock() {
    ReentrantLock lock = new ReentrantLock();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConcurrentHnswBuilder.inChunks(100, lock, (from, to) -> {
          throw new IllegalArgumentException("bad chunk " + from);
        }));
    assertEquals("bad chunk 0", e.getMessage());
    assertFalse(lock.isLocked());
  }

  @Test
  void checkNotCancelled_afterCancel_saysTheIndexIsClosed() {
    ConcurrentHnswBuilder b = new ConcurrentHnswBuilder("hnsw");
    b.checkNotCancelled();
    b.cancel();
    IllegalStateException e = assertThrows(IllegalStateException.class, b::checkNotCancelled);
    assertEquals("index 'hnsw' is closed", e.getMessage());
  }

  @Test
  void pool_oneThread_none() {
    assertEquals(null, ConcurrentHnswBuilder.pool(1));
  }
}
