package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.hnsw.internal.HnswGraphFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hnsw} file format keeps its graph as it was: {@code hnsw-v1.idx} was written by
 * the index before it was split into classes (same bytes as the version of 2026-11-30), from the
 * changes in {@link #build()} with one build thread; version 2 adds the quantization after it, version 3 the vector storage after the seed.
 */
class HnswGraphFileTest {
  private static final long SEED = 20261130L;
  @TempDir Path tmp;

  /** The index {@code hnsw-v1.idx} holds: adds, removals, upserts on one thread. */
  static HnswAnnIndex build() {
    int n = 150;
    int dim = 6;
    Random rnd = new Random(SEED);
    float[][] v = new float[n][dim];
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 10L * i;
      for (int j = 0; j < dim; j++) {
        v[i][j] = (float) rnd.nextGaussian();
      }
    }
    HnswAnnIndex index = new HnswAnnIndex(IndexConfig.builder(dim).metric(Metric.L2).m(4)
        .efConstruction(30).efSearch(20).seed(5).buildThreads(1).build());
    index.addAll(ids, v);
    for (int i = 0; i < 10; i++) {
      index.remove(ids[3 * i]);
    }
    for (int i = 0; i < 5; i++) {
      index.upsert(ids[3 * i + 1], v[n - 1 - i]);
    }
    return index;
  }

  private static byte[] version1() throws IOException {
    try (InputStream in = HnswGraphFileTest.class.getResourceAsStream("hnsw-v1.idx")) {
      return in.readAllBytes();
    }
  }

  /**
   * Version 3 is version 1's bytes with the version number 3, one byte more after the seed (the
   * vector storage: HEAP) and two at the end of the body (version 2's: quantization NONE, and no
   * quantizer). The graph part is unchanged.
   */
  @Test
  void save_sameSeedOneThread_writesTheVersion1GraphThenTheQuantization() throws IOException {
    Path file = tmp.resolve("now.idx");
    try (HnswAnnIndex index = build()) {
      index.save(file);
    }
    byte[] v1 = version1();
    byte[] now = Files.readAllBytes(file);
    int header = 4 + 2 + HnswGraphFile.CODEC.length() + 4; // magic, name, version
    int body = v1.length - header - 12; // before the footer: magic and CRC-32
    // the index header (metric name as UTF, four ints), then the seed
    int seedEnd = header + 2 + Metric.L2.name().length() + 16 + 8;
    assertEquals(v1.length + 3, now.length);
    assertArrayEquals(Arrays.copyOfRange(v1, 0, header - 4), Arrays.copyOfRange(now, 0,
        header - 4));
    assertEquals(3, ByteBuffer.wrap(now, header - 4, 4).getInt());
    assertArrayEquals(Arrays.copyOfRange(v1, header, seedEnd),
        Arrays.copyOfRange(now, header, seedEnd));
    assertEquals(0, now[seedEnd]); // VectorStorage.HEAP
    assertArrayEquals(Arrays.copyOfRange(v1, seedEnd, header + body),
        Arrays.copyOfRange(now, seedEnd + 1, header + body + 1));
    assertEquals(0, now[header + body + 1]); // Quantization.NONE
    assertEquals(0, now[header + body + 2]); // no quantizer
  }

  @Test
  void load_version1File_searchesAsTheBuiltIndex() throws IOException {
    Path file = tmp.resolve("v1.idx");
    Files.write(file, version1());
    Random rnd = new Random(SEED + 1);
    try (AnnIndex loaded = AnnIndex.load(file); HnswAnnIndex built = build()) {
      assertEquals("hnsw", loaded.provider());
      assertEquals(140, loaded.size());
      assertEquals(15, loaded.tombstones());
      assertFalse(loaded.contains(0L));
      assertTrue(loaded.contains(10L));
      for (int q = 0; q < 50; q++) {
        float[] query = new float[6];
        for (int j = 0; j < 6; j++) {
          query[j] = (float) rnd.nextGaussian();
        }
        assertEquals(built.search(query, 10), loaded.search(query, 10), "query " + q);
        assertEquals(built.search(query, 5, id -> id % 20 == 0, 0),
            loaded.search(query, 5, id -> id % 20 == 0, 0), "filtered query " + q);
      }
    }
  }
}
