package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedAnnIndexTest {
  private static final long SEED = 20261130L;
  private static final int DIM = 16;

  @TempDir Path dir;

  private static float[][] vectors(Random rnd, int n) {
    float[][] v = new float[n][DIM];
    for (float[] row : v) {
      for (int j = 0; j < DIM; j++) {
        row[j] = (float) rnd.nextGaussian();
      }
    }
    return v;
  }

  private static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 5_000 + 7L * i;
    }
    return ids;
  }

  /** Splits the items by {@link ShardManifest#shardOf} into shard indexes and writes them. */
  private Path writeSharded(String provider, Metric metric, long[] ids, float[][] v, int s,
      String name) throws IOException {
    List<AnnIndex> shards = new ArrayList<>();
    List<List<Integer>> rows = new ArrayList<>();
    for (int i = 0; i < s; i++) {
      shards.add(AnnIndex.create(provider, IndexConfig.builder(DIM).metric(metric).build()));
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < ids.length; i++) {
      rows.get(ShardManifest.shardOf(ids[i], s)).add(i);
    }
    for (int i = 0; i < s; i++) {
      List<Integer> r = rows.get(i);
      if (r.isEmpty()) {
        continue;
      }
      long[] sid = new long[r.size()];
      float[][] sv = new float[r.size()][];
      for (int j = 0; j < r.size(); j++) {
        sid[j] = ids[r.get(j)];
        sv[j] = v[r.get(j)];
      }
      shards.get(i).addAll(sid, sv);
    }
    Path sub = Files.createDirectories(dir.resolve(name));
    Path manifest = sub.resolve("index.manifest");
    ShardedAnnIndex.write(manifest, shards);
    shards.forEach(AnnIndex::close);
    return manifest;
  }

  @Test
  void search_equalsOneExactIndex_overRandomQueriesAndFilters() throws IOException {
    Random rnd = new Random(SEED);
    int n = 1500;
    long[] ids = ids(n);
    float[][] v = vectors(rnd, n);
    for (Metric metric : Metric.values()) {
      try (AnnIndex one = AnnIndex.create("exact", IndexConfig.builder(DIM).metric(metric).build())) {
        one.addAll(ids, v);
        for (int s : new int[] {1, 3, 4}) {
          Path manifest = writeSharded("exact", metric, ids, v, s, metric + "-" + s);
          try (AnnIndex sharded = AnnIndex.load(manifest)) {
            for (int q = 0; q < 60; q++) {
              float[] query = vectors(rnd, 1)[0];
              int k = 1 + rnd.nextInt(q % 10 == 0 ? n : 60);
              IdFilter filter = switch (q % 4) {
                case 0 -> null;
                case 1 -> IdFilter.excluding(ids[rnd.nextInt(n)], ids[rnd.nextInt(n)], ids[0]);
                case 2 -> id -> id % 3 == 0;
                default -> id -> id % 97 == 1;   // a handful pass: fewer than k
              };
              TopK expected = one.search(query, k, filter, 0);
              TopK actual = sharded.search(query, k, filter, 0);
              String what = "seed=" + SEED + " metric=" + metric + " shards=" + s + " query=" + q
                  + " k=" + k + " filter=" + (q % 4);
              assertArrayEquals(expected.ids(), actual.ids(), what);
              assertArrayEquals(expected.scores(), actual.scores(), what);
            }
          }
        }
      }
    }
  }

  @Test
  void hnswShards_recallNearExact() throws IOException {
    Random rnd = new Random(SEED + 1);
    int n = 3000;
    long[] ids = ids(n);
    float[][] v = vectors(rnd, n);
    Path manifest = writeSharded("hnsw", Metric.COSINE, ids, v, 4, "hnsw4");
    try (AnnIndex exact = AnnIndex.create("exact",
            IndexConfig.builder(DIM).metric(Metric.COSINE).build());
        AnnIndex sharded = AnnIndex.load(manifest)) {
      exact.addAll(ids, v);
      int hits = 0;
      for (int q = 0; q < 50; q++) {
        float[] query = vectors(rnd, 1)[0];
        TopK truth = exact.search(query, 10);
        TopK got = sharded.search(query, 10);
        for (long id : truth.ids()) {
          hits += got.contains(id) ? 1 : 0;
        }
      }
      assertTrue(hits >= 0.95 * 500, "recall@10 " + hits / 500.0 + " seed=" + (SEED + 1));
    }
  }

  @Test
  void load_picksShardedProvider_andReportsShape() throws IOException {
    Random rnd = new Random(SEED + 2);
    long[] ids = ids(200);
    float[][] v = vectors(rnd, 200);
    Path manifest = writeSharded("hnsw", Metric.INNER_PRODUCT, ids, v, 3, "shape");
    AnnIndex index = AnnIndex.load(manifest);
    assertInstanceOf(ShardedAnnIndex.class, index);
    assertEquals("sharded", index.provider());
    assertEquals(DIM, index.dimension());
    assertEquals(Metric.INNER_PRODUCT, index.metric());
    assertEquals(200, index.size());
    assertEquals(3, ((ShardedAnnIndex) index).shardCount());
    assertTrue(index.contains(ids[17]));
    assertFalse(index.contains(-1));
    assertTrue(index.ramBytesUsed() > 0);
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> index.search(v[0], 201));
    assertEquals("k=201 is larger than the index, which holds 200 items", big.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> index.search(new float[3], 1));
    assertEquals("query has dimension 3 but the index has dimension 16", dim.getMessage());
    UnsupportedOperationException ro = assertThrows(UnsupportedOperationException.class,
        () -> index.add(1, v[0]));
    assertTrue(ro.getMessage().startsWith("a sharded index is read-only"), ro.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> index.remove(ids[0]));
    index.close();
    index.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, index::size);
    assertEquals("ShardedAnnIndex is closed", closed.getMessage());
    assertThrows(IllegalStateException.class, () -> index.search(v[0], 1));
  }

  @Test
  void save_writesACopyThatLoadsTheSame() throws IOException {
    Random rnd = new Random(SEED + 3);
    long[] ids = ids(300);
    float[][] v = vectors(rnd, 300);
    Path manifest = writeSharded("exact", Metric.L2, ids, v, 2, "orig");
    Path copy = Files.createDirectories(dir.resolve("copy")).resolve("m.bin");
    try (AnnIndex a = AnnIndex.load(manifest)) {
      a.save(copy);
      try (AnnIndex b = AnnIndex.load(copy)) {
        assertEquals(a.search(v[5], 20), b.search(v[5], 20));
      }
    }
  }

  @Test
  void damagedManifest_isCorrupt() throws IOException {
    Random rnd = new Random(SEED + 4);
    long[] ids = ids(50);
    Path manifest = writeSharded("exact", Metric.COSINE, ids, vectors(rnd, 50), 2, "damaged");
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(manifest, bytes);
    assertThrows(CorruptFileException.class, () -> AnnIndex.load(manifest));
  }

  @Test
  void missingShardFile_namesIt() throws IOException {
    Random rnd = new Random(SEED + 5);
    Path manifest = writeSharded("exact", Metric.COSINE, ids(50), vectors(rnd, 50), 2, "missing");
    Files.delete(manifest.resolveSibling(ShardManifest.shardFileName(1)));
    RuntimeException e = assertThrows(RuntimeException.class, () -> AnnIndex.load(manifest));
    assertTrue(String.valueOf(e.getMessage()).contains(ShardManifest.shardFileName(1)),
        e.getMessage());
  }

  @Test
  void shardOf_isStableAndEven() {
    int[] counts = new int[4];
    for (long id = 0; id < 40_000; id++) {
      counts[ShardManifest.shardOf(id, 4)]++;
    }
    for (int c : counts) {
      assertTrue(c > 9_500 && c < 10_500, "counts " + java.util.Arrays.toString(counts));
    }
    assertEquals(ShardManifest.shardOf(123_456_789L, 16), ShardManifest.shardOf(123_456_789L, 16));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ShardManifest.shardOf(1, 0));
    assertEquals("shardCount must be positive; shardCount=0", e.getMessage());
  }

  @Test
  void create_isUnsupported() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> AnnIndex.create("sharded", IndexConfig.builder(DIM).build()));
    assertTrue(e.getMessage().startsWith("the sharded provider cannot create"), e.getMessage());
  }

  @Test
  void recallEngine_servesAShardedCatalogUnchanged() throws IOException {
    Random rnd = new Random(SEED + 6);
    int n = 400;
    long[] ids = ids(n);
    float[][] v = vectors(rnd, n);
    Path manifest = writeSharded("exact", Metric.INNER_PRODUCT, ids, v, 4, "engine");
    float[] user = vectors(rnd, 1)[0];
    try (Encoder encoder = new ConstantEncoder(user);
        AnnIndex one = AnnIndex.create("exact",
            IndexConfig.builder(DIM).metric(Metric.INNER_PRODUCT).build());
        AnnIndex sharded = AnnIndex.load(manifest)) {
      one.addAll(ids, v);
      UserQuery q = UserQuery.builder(1).history(ids[3], ids[10]).build();
      try (RecallEngine a = RecallEngine.builder().encoder(encoder).index(one).k(25).build();
          RecallEngine b = RecallEngine.builder().encoder(encoder).index(sharded).k(25).build()) {
        TopK expected = a.recall(q);
        assertEquals(expected, b.recall(q));
        assertEquals(25, expected.size());
      }
    }
  }

  /** Encodes every user to one vector; items are not encoded. */
  private static final class ConstantEncoder implements Encoder {
    private final float[] user;

    ConstantEncoder(float[] user) {
      this.user = user;
    }

    @Override
    public int dimension() {
      return user.length;
    }

    @Override
    public Metric metric() {
      return Metric.INNER_PRODUCT;
    }

    @Override
    public float[] encodeUser(UserQuery query) {
      return user.clone();
    }

    @Override
    public float[][] encodeUsers(List<UserQuery> users) {
      return users.stream().map(this::encodeUser).toArray(float[][]::new);
    }

    @Override
    public float[] encodeItem(ItemFeatures item) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public float[][] encodeItems(List<ItemFeatures> items) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public void save(Path directory) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public void close() {}
  }
}
