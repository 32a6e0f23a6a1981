package io.github.vectorrecall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java encoder serves a model file without PyTorch's native library ever being loaded
 * into the process. (This module's tests never start the engine.)
 */
class JavaEncoderWithoutNativeTest {

  private static Dataset tiny() {
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

  private static boolean torchMapped() throws IOException {
    return Files.readString(Path.of("/proc/self/maps")).contains("libtorch");
  }

  @Test
  void servesAModelFile_withoutLoadingTheNativeLibrary(@TempDir Path dir) throws IOException {
    Dataset data = tiny();
    for (Pooling pooling : Pooling.values()) {
      Featurizer f = Featurizer.fit(data, 50, 8);
      ModelSpec spec = f.spec(16, 8, 12, pooling);
      Path model = dir.resolve("p" + pooling.code());
      new ModelFile(spec, f, ModelWeights.initial(spec, new Random(pooling.code()))).write(model);

      try (Encoder e = Encoder.load("java", model)) {
        assertEquals(16, e.dimension());
        float[] u = e.encodeUser(UserQuery.builder(data.users().get(3L))
            .history(101, 102, 999_999).build());
        float[] i = e.encodeItem(data.items().get(105L));
        float[] unknown = e.encodeUser(UserQuery.of(424242));
        for (float[] v : new float[][] {u, i, unknown}) {
          double n = 0;
          for (float x : v) {
            assertTrue(Float.isFinite(x));
            n += x * x;
          }
          assertEquals(1.0, n, 1e-5, "pooling " + pooling);
        }
        e.close();
        IllegalStateException closed =
            assertThrows(IllegalStateException.class, () -> e.encodeItem(data.items().get(105L)));
        assertEquals("encoder 'java' is closed", closed.getMessage());
      }
    }
    assertFalse(torchMapped(), "libtorch was mapped into the process");
  }
}
