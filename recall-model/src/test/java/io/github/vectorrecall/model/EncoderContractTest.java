package io.github.vectorrecall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Encoder} keeps, run against each implementation (as
 * {@code AnnIndexContractTest} is for indexes): unit-length finite vectors of the stated
 * dimension, a batch equal to single calls, a save/load round trip that gives the same vectors,
 * clear errors on bad input and after close. The model is a seeded untrained two-tower model
 * written in the library's model format, so the suite needs no training.
 */
public abstract class EncoderContractTest {
  /** Dimension of the test models. */
  protected static final int DIMENSION = 16;

  @TempDir
  protected Path dir;

  /**
   * Opens the encoder under test on a model directory.
   *
   * @param modelDirectory a directory holding a model file
   * @return the encoder; the test closes it
   */
  protected abstract Encoder open(Path modelDirectory);

  /**
   * The name of the provider under test, as its messages give it.
   *
   * @return the provider name
   */
  protected abstract String provider();

  /**
   * A small data set: 30 items with a category, tags and a dense feature; 20 users with a
   * categorical and a dense feature and 8 interactions each.
   *
   * @return the data
   */
  public static Dataset tinyData() {
    List<Interaction> xs = new ArrayList<>();
    List<UserFeatures> users = new ArrayList<>();
    List<ItemFeatures> items = new ArrayList<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 30; i++) {
      items.add(ItemFeatures.builder(100 + i).category("c" + (i % 3)).tag("t" + (i % 5))
          .tag("t" + (i % 7)).dense("price", i / 30f).build());
    }
    for (int u = 0; u < 20; u++) {
      users.add(UserFeatures.builder(u).categorical("region", "r" + (u % 2))
          .dense("age", u / 20f).build());
      for (int t = 0; t < 8; t++) {
        xs.add(new Interaction(u, 100 + rnd.nextInt(30), 1000L * t));
      }
    }
    return Dataset.of("tiny", xs, users, items);
  }

  /**
   * Writes a seeded untrained model over {@link #tinyData()}.
   *
   * @param target the model directory
   * @param pooling the behaviour-sequence pooling
   * @param seed weight seed
   * @return target
   */
  public static Path writeModel(Path target, Pooling pooling, long seed) {
    Featurizer f = Featurizer.fit(tinyData(), 50, 8);
    ModelSpec spec = f.spec(DIMENSION, 8, 12, pooling);
    new ModelFile(spec, f, ModelWeights.initial(spec, new Random(seed))).write(target);
    return target;
  }

  /**
   * Writes an ensemble of seeded untrained models over {@link #tinyData()}, one member per seed.
   *
   * @param target the model directory
   * @param pooling the behaviour-sequence pooling of every member
   * @param seeds the members' weight seeds
   * @return target
   */
  public static Path writeEnsemble(Path target, Pooling pooling, long... seeds) {
    Pooling[] poolings = new Pooling[seeds.length];
    Arrays.fill(poolings, pooling);
    return writeEnsemble(target, poolings, seeds);
  }

  /**
   * Writes an ensemble of seeded untrained models over {@link #tinyData()} whose members may
   * differ in pooling.
   *
   * @param target the model directory
   * @param poolings each member's behaviour-sequence pooling
   * @param seeds each member's weight seed, as many as poolings
   * @return target
   */
  public static Path writeEnsemble(Path target, Pooling[] poolings, long[] seeds) {
    Featurizer f = Featurizer.fit(tinyData(), 50, 8);
    List<ModelFile.Member> members = new ArrayList<>();
    for (int m = 0; m < seeds.length; m++) {
      ModelSpec spec = f.spec(DIMENSION, 8, 12, poolings[m]);
      members.add(new ModelFile.Member(spec, ModelWeights.initial(spec, new Random(seeds[m]))));
    }
    new ModelFile(f, members).write(target);
    return target;
  }

  /**
   * Users to encode: known users with features and history (some history unknown to the
   * model), a user the model has never seen, and one with no history.
   *
   * @return queries
   */
  public static List<UserQuery> queries() {
    Dataset data = tinyData();
    List<UserQuery> out = new ArrayList<>();
    for (long u = 0; u < 6; u++) {
      out.add(UserQuery.builder(data.users().get(u)).history(101 + u, 102, 110 + u, 999_999)
          .build());
    }
    out.add(UserQuery.of(424_242));
    out.add(UserQuery.builder(data.users().get(7L)).build());
    return out;
  }

  /**
   * Items to encode: the catalog plus an item the model has never seen.
   *
   * @return items
   */
  public static List<ItemFeatures> items() {
    List<ItemFeatures> out = new ArrayList<>(tinyData().items().values());
    out.add(ItemFeatures.builder(77_777).category("c1").tag("t2").tag("new-tag")
        .dense("price", 0.5f).build());
    return out;
  }

  private Encoder openModel(Pooling pooling) {
    return open(writeModel(dir.resolve("model-" + pooling), pooling, 11 + pooling.ordinal()));
  }

  private static void assertUnitVector(float[] v, String what) {
    assertEquals(DIMENSION, v.length, what);
    double n = 0;
    for (float x : v) {
      assertTrue(Float.isFinite(x), what + ": " + Arrays.toString(v));
      n += x * x;
    }
    assertEquals(1.0, n, 1e-5, what);
  }

  @Test
  void encode_unitVectorsOfTheDimension_forEveryPooling() {
    for (Pooling pooling : Pooling.values()) {
      try (Encoder e = openModel(pooling)) {
        assertEquals(DIMENSION, e.dimension());
        assertEquals(Metric.INNER_PRODUCT, e.metric());
        for (UserQuery q : queries()) {
          assertUnitVector(e.encodeUser(q), "pooling " + pooling + ", user " + q.userId());
        }
        for (ItemFeatures item : items()) {
          assertUnitVector(e.encodeItem(item), "pooling " + pooling + ", item " + item.itemId());
        }
      }
    }
  }

  @Test
  void encodeUsers_batchEqualsSingle() {
    try (Encoder e = openModel(Pooling.RECENCY)) {
      List<UserQuery> queries = queries();
      float[][] batch = e.encodeUsers(queries);
      assertEquals(queries.size(), batch.length);
      for (int i = 0; i < queries.size(); i++) {
        assertArrayEquals(e.encodeUser(queries.get(i)), batch[i], 1e-5f, "user " + i);
      }
      assertEquals(0, e.encodeUsers(List.of()).length);
    }
  }

  @Test
  void encodeItems_batchEqualsSingle() {
    try (Encoder e = openModel(Pooling.MEAN)) {
      List<ItemFeatures> items = items();
      float[][] batch = e.encodeItems(items);
      assertEquals(items.size(), batch.length);
      for (int i = 0; i < items.size(); i++) {
        assertArrayEquals(e.encodeItem(items.get(i)), batch[i], 1e-5f, "item " + i);
      }
    }
  }

  @Test
  void encode_sameInputTwice_sameBits() {
    try (Encoder e = openModel(Pooling.ATTENTION)) {
      UserQuery q = queries().get(2);
      assertArrayEquals(e.encodeUser(q), e.encodeUser(q));
    }
  }

  @Test
  void save_loadRoundTrip_sameVectors() {
    Path saved = dir.resolve("saved");
    float[][] users;
    float[][] items;
    try (Encoder e = openModel(Pooling.RECENCY)) {
      users = e.encodeUsers(queries());
      items = e.encodeItems(items());
      e.save(saved);
    }
    assertTrue(Files.isRegularFile(saved.resolve(EncoderProvider.MODEL_FILE)));
    try (Encoder loaded = open(saved)) {
      float[][] u2 = loaded.encodeUsers(queries());
      float[][] i2 = loaded.encodeItems(items());
      for (int i = 0; i < users.length; i++) {
        assertArrayEquals(users[i], u2[i], "user " + i);
      }
      for (int i = 0; i < items.length; i++) {
        assertArrayEquals(items[i], i2[i], "item " + i);
      }
    }
  }

  @Test
  void open_corruptModelFile_corruptFileException() throws IOException {
    Path model = writeModel(dir.resolve("corrupt"), Pooling.MEAN, 1);
    Path file = model.resolve(EncoderProvider.MODEL_FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> open(model));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void load_damagedProviderNameInTheHeader_corruptFileException() throws IOException {
    Path model = writeModel(dir.resolve("header"), Pooling.MEAN, 1);
    Path file = model.resolve(EncoderProvider.MODEL_FILE);
    byte[] bytes = Files.readAllBytes(file);
    int nameEnd = 4 + 2 + (((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff));
    bytes[nameEnd - 1] ^= 0x0b; // 'torch' becomes 'torcc'
    Files.write(file, bytes);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Encoder.load(model));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
    assertThrows(CorruptFileException.class, () -> open(model));
  }

  @Test
  void open_truncatedModelFile_corruptFileException() throws IOException {
    Path model = writeModel(dir.resolve("truncated"), Pooling.MEAN, 1);
    Path file = model.resolve(EncoderProvider.MODEL_FILE);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
    assertThrows(CorruptFileException.class, () -> open(model));
  }

  @Test
  void encode_null_namesTheArgument() {
    try (Encoder e = openModel(Pooling.MEAN)) {
      assertEquals("user", assertThrows(NullPointerException.class,
          () -> e.encodeUser(null)).getMessage());
      assertEquals("item", assertThrows(NullPointerException.class,
          () -> e.encodeItem(null)).getMessage());
      List<UserQuery> users = new ArrayList<>(queries().subList(0, 2));
      users.add(null);
      assertEquals("users[2]", assertThrows(NullPointerException.class,
          () -> e.encodeUsers(users)).getMessage());
      List<ItemFeatures> items = new ArrayList<>(items().subList(0, 1));
      items.add(null);
      assertEquals("items[1]", assertThrows(NullPointerException.class,
          () -> e.encodeItems(items)).getMessage());
      assertEquals("directory", assertThrows(NullPointerException.class,
          () -> e.save(null)).getMessage());
    }
  }

  @Test
  void close_idempotent_thenEveryCallFails() {
    Encoder e = openModel(Pooling.MEAN);
    e.close();
    e.close();
    String expected = "encoder '" + provider() + "' is closed";
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> e.encodeUser(queries().get(0))).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> e.encodeUsers(queries())).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> e.encodeItem(items().get(0))).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> e.encodeItems(items())).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> e.save(dir.resolve("after-close"))).getMessage());
  }
}
