package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFloatsTest {
  private static final long SEED = 77L;
  private static final int DIM = 5;

  @TempDir
  Path dir;

  private static float[] row(int r) {
    float[] v = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      v[j] = r * 10 + j + 0.5f;
    }
    return v;
  }

  @Test
  void rows_crossChunks_readBackAsWritten() {
    // 3 rows' bytes round down to 2 rows a chunk: 101 rows span 51 chunks
    MappedFloats m = MappedFloats.create(dir, "t-", DIM, 3L * 4 * DIM);
    try {
      assertEquals(2, m.rowsPerChunk());
      for (int r = 0; r < 101; r++) {
        m.set(r, row(r), 0);
      }
      float[] got = new float[DIM + 2];
      for (int r = 0; r < 101; r++) {
        m.get(r, got, 2);
        assertArrayEquals(row(r), Arrays.copyOfRange(got, 2, 2 + DIM), "row " + r);
      }
      assertTrue(Files.exists(m.file()));
    } finally {
      m.close();
    }
  }

  @Test
  void close_deletesTheFile_andStopsGrowth() {
    MappedFloats m = MappedFloats.create(dir, "t-", DIM, 4L * DIM);
    m.set(0, row(0), 0);
    m.close();
    m.close(); // idempotent
    assertFalse(Files.exists(m.file()));
    float[] got = new float[DIM];
    m.get(0, got, 0); // a search still on the old graph reads the mapping on
    assertArrayEquals(row(0), got);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.set(1, row(1), 0));
    assertEquals("The mapped vector file " + m.file() + " is closed", e.getMessage());
  }

  @Test
  void create_badArguments() {
    assertEquals("dimension must be positive; dimension=0",
        assertThrows(IllegalArgumentException.class,
            () -> MappedFloats.create(dir, "t-", 0, 1024)).getMessage());
    assertEquals("chunkBytes must be in [1, 2^30]; chunkBytes=0",
        assertThrows(IllegalArgumentException.class,
            () -> MappedFloats.create(dir, "t-", DIM, 0)).getMessage());
  }

  @Test
  void readersBesideOneWriter_seeOnlyWrittenRows() throws Exception {
    MappedFloats m = MappedFloats.create(dir, "t-", DIM, 8L * 4 * DIM);
    AtomicInteger count = new AtomicInteger(); // the graph's volatile count
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    Thread[] readers = new Thread[3];
    for (int t = 0; t < readers.length; t++) {
      Random rnd = new Random(SEED + t);
      readers[t] = new Thread(() -> {
        float[] got = new float[DIM];
        while (!stop.get()) {
          int n = count.get();
          if (n > 0) {
            int r = rnd.nextInt(n);
            m.get(r, got, 0);
            if (!Arrays.equals(row(r), got)) {
              bad.compareAndSet(null, "row " + r + " read as " + Arrays.toString(got));
            }
          }
        }
      });
      readers[t].start();
    }
    try {
      for (int r = 0; r < 20_000; r++) {
        m.set(r, row(r), 0);
        count.set(r + 1);
      }
    } finally {
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      m.close();
    }
    assertEquals(null, bad.get(), "seed " + SEED);
  }

  @Test
  void floatRows_mappedScoresEqualHeapScores() {
    Random rnd = new Random(SEED);
    int n = ScalarQuantizer.SAMPLE_ROWS + 5000; // the fit samples rows
    float[] data = new float[n * DIM];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextGaussian();
    }
    MappedFloats m = MappedFloats.create(dir, "t-", DIM, 7L * 4 * DIM);
    try {
      FloatRows heap = FloatRows.heap(data, DIM);
      FloatRows mapped = FloatRows.mapped(m, DIM);
      for (int r = 0; r < n; r++) {
        mapped.set(r, data, r * DIM);
      }
      float[] q = Arrays.copyOf(data, DIM);
      int[] rows = {3, n - 1, 0, 17, 8};
      for (Metric metric : Metric.values()) {
        float[] a = new float[rows.length];
        float[] b = new float[rows.length];
        heap.score(metric, q, rows, rows.length, a);
        mapped.score(metric, q, rows, rows.length, b);
        assertArrayEquals(a, b, metric.toString());
        assertEquals(heap.score(metric, q, 21), mapped.score(metric, q, 21), 0f);
        assertEquals(heap.score(metric, 5, 33), mapped.score(metric, 5, 33), 0f);
      }
      ScalarQuantizer fromHeap = ScalarQuantizer.fit(heap, n, SEED);
      ScalarQuantizer fromFile = ScalarQuantizer.fit(mapped, n, SEED);
      for (int j = 0; j < DIM; j++) {
        assertEquals(fromHeap.offset(j), fromFile.offset(j), 0f, "offset " + j);
        assertEquals(fromHeap.scale(j), fromFile.scale(j), 0f, "scale " + j);
      }
    } finally {
      m.close();
    }
  }
}
