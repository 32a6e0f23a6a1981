package io.github.vectorrecall.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.model.Pooling;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java encoder and the PyTorch encoder give the same vectors for the same model file,
 * within 1e-5, for every pooling, for users and items, single and batched; an ensemble file too,
 * also one whose members differ in pooling (and so in the width of the user tower's input).
 */
class EncodersAgreeTest {
  @Test
  void javaAndTorch_sameVectorsWithin1e5(@TempDir Path dir) {
    for (Pooling pooling : Pooling.values()) {
      agree(EncoderContractTest.writeModel(dir.resolve("p" + pooling), pooling, 5),
          "pooling " + pooling);
    }
  }

  @Test
  void javaAndTorch_ensembleOfTwo_sameVectorsWithin1e5(@TempDir Path dir) {
    for (Pooling pooling : Pooling.values()) {
      agree(EncoderContractTest.writeEnsemble(dir.resolve("e" + pooling), pooling, 5, 6),
          "ensemble of 2, pooling " + pooling);
    }
  }

  @Test
  void javaAndTorch_ensembleOfRecencyAndTwoScale_sameVectorsWithin1e5(@TempDir Path dir) {
    // Members may differ in pooling, and two-scale's user input is one embedding wider.
    Path model = EncoderContractTest.writeEnsemble(dir.resolve("mixed"),
        new Pooling[] {Pooling.RECENCY, Pooling.TWO_SCALE}, new long[] {5, 6});
    agree(model, "ensemble of RECENCY and TWO_SCALE");
  }

  private static void agree(Path model, String which) {
    List<UserQuery> users = EncoderContractTest.queries();
    List<ItemFeatures> items = EncoderContractTest.items();
    try (Encoder java = Encoder.load("java", model);
        Encoder torch = Encoder.load("torch", model)) {
      assertEquals(torch.dimension(), java.dimension(), which);
      float[][] torchUsers = torch.encodeUsers(users);
      float[][] torchItems = torch.encodeItems(items);
      for (int i = 0; i < users.size(); i++) {
        String what = which + ", user " + users.get(i).userId();
        assertArrayEquals(torchUsers[i], java.encodeUser(users.get(i)), 1e-5f, what);
        assertArrayEquals(torch.encodeUser(users.get(i)), java.encodeUser(users.get(i)),
            1e-5f, what);
      }
      for (int i = 0; i < items.size(); i++) {
        String what = which + ", item " + items.get(i).itemId();
        assertArrayEquals(torchItems[i], java.encodeItem(items.get(i)), 1e-5f, what);
      }
    }
  }
}
