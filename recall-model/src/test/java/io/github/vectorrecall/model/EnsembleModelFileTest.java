package io.github.vectorrecall.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file of several members (an ensemble): written as version 3 (a single model still as
 * version 2), loaded back with the same vectors, served as the members' unit vectors scaled by
 * {@code 1/sqrt(E)} and concatenated, so unit length with the members' mean score.
 */
class EnsembleModelFileTest {
  @TempDir
  Path dir;

  private static int version(Path model) throws IOException {
    try (DataInputStream in = new DataInputStream(
        Files.newInputStream(model.resolve(EncoderProvider.MODEL_FILE)))) {
      in.readInt(); // magic
      in.readUTF(); // codec
      return in.readInt();
    }
  }

  @Test
  void write_singleModelKeepsVersion2_ensembleIsVersion3() throws IOException {
    Path single = EncoderContractTest.writeModel(dir.resolve("one"), Pooling.RECENCY, 5);
    Path two = EncoderContractTest.writeEnsemble(dir.resolve("two"), Pooling.RECENCY, 5, 6);
    assertEquals(2, version(single));
    assertEquals(ModelFile.VERSION, version(two));
    assertEquals(3, ModelFile.VERSION);
    assertEquals(1, ModelFile.read(single).members().size());
    assertEquals(2, ModelFile.read(two).members().size());
  }

  @Test
  void ensemble_isTheScaledMembers_unitLength_meanScore() {
    List<UserQuery> users = EncoderContractTest.queries();
    List<ItemFeatures> items = EncoderContractTest.items();
    Path two = EncoderContractTest.writeEnsemble(dir.resolve("two"), Pooling.ATTENTION, 5, 6);
    Path a = EncoderContractTest.writeModel(dir.resolve("a"), Pooling.ATTENTION, 5);
    Path b = EncoderContractTest.writeModel(dir.resolve("b"), Pooling.ATTENTION, 6);
    try (Encoder e = JavaTwoTowerEncoder.load(two);
        Encoder ea = JavaTwoTowerEncoder.load(a);
        Encoder eb = JavaTwoTowerEncoder.load(b)) {
      int d = ea.dimension();
      assertEquals(2 * d, e.dimension());
      float s = (float) (1 / Math.sqrt(2));
      float[][] iv = e.encodeItems(items);
      float[][] ia = ea.encodeItems(items);
      float[][] ib = eb.encodeItems(items);
      for (int i = 0; i < items.size(); i++) {
        for (int k = 0; k < d; k++) {
          assertEquals(ia[i][k] * s, iv[i][k], "item " + i + " component " + k);
          assertEquals(ib[i][k] * s, iv[i][d + k], "item " + i + " component " + (d + k));
        }
        assertEquals(1.0, dot(iv[i], iv[i]), 1e-6, "item " + i + " unit length");
      }
      for (UserQuery q : users) {
        float[] u = e.encodeUser(q);
        float[] ua = ea.encodeUser(q);
        float[] ub = eb.encodeUser(q);
        assertEquals(1.0, dot(u, u), 1e-6, "user " + q.userId() + " unit length");
        for (int i = 0; i < items.size(); i++) {
          assertEquals((dot(ua, ia[i]) + dot(ub, ib[i])) / 2, dot(u, iv[i]), 1e-6,
              "user " + q.userId() + ", item " + i);
        }
      }
    }
  }

  @Test
  void saveLoad_ensemble_sameVectors() {
    Path two = EncoderContractTest.writeEnsemble(dir.resolve("two"), Pooling.MEAN, 5, 6, 7);
    List<UserQuery> users = EncoderContractTest.queries();
    try (Encoder e = JavaTwoTowerEncoder.load(two)) {
      e.save(dir.resolve("copy"));
      try (Encoder copy = JavaTwoTowerEncoder.load(dir.resolve("copy"))) {
        assertEquals(3 * EncoderContractTest.DIMENSION, copy.dimension());
        for (UserQuery q : users) {
          assertArrayEquals(e.encodeUser(q), copy.encodeUser(q), "user " + q.userId());
        }
      }
    }
  }

  @Test
  void members_differingBeyondPooling_rejected() {
    Featurizer f = Featurizer.fit(EncoderContractTest.tinyData(), 50, 8);
    ModelSpec small = f.spec(8, 8, 12, Pooling.MEAN);
    ModelSpec large = f.spec(16, 8, 12, Pooling.MEAN);
    List<ModelFile.Member> members = List.of(
        new ModelFile.Member(small, ModelWeights.initial(small, new Random(1))),
        new ModelFile.Member(large, ModelWeights.initial(large, new Random(2))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ModelFile(f, members));
    assertEquals(true, e.getMessage().contains("members may differ in pooling only"),
        e.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> new ModelFile(f, List.of()));
    assertEquals("a model has 1 to 64 members; members=0", none.getMessage());
  }

  private static double dot(float[] x, float[] y) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += (double) x[k] * y[k];
    }
    return s;
  }
}
