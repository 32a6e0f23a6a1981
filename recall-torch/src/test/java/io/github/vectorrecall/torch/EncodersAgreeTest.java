package io.github.vectorrecall.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
 * within 1e-5, for every pooling, for users and items, single and batched.
 */
class EncodersAgreeTest {
  @Test
  void javaAndTorch_sameVectorsWithin1e5(@TempDir Path dir) {
    List<UserQuery> users = EncoderContractTest.queries();
    List<ItemFeatures> items = EncoderContractTest.items();
    for (Pooling pooling : Pooling.values()) {
      Path model = EncoderContractTest.writeModel(dir.resolve("p" + pooling), pooling, 5);
      try (Encoder java = Encoder.load("java", model);
          Encoder torch = Encoder.load("torch", model)) {
        float[][] torchUsers = torch.encodeUsers(users);
        float[][] torchItems = torch.encodeItems(items);
        for (int i = 0; i < users.size(); i++) {
          String what = "pooling " + pooling + ", user " + users.get(i).userId();
          assertArrayEquals(torchUsers[i], java.encodeUser(users.get(i)), 1e-5f, what);
          assertArrayEquals(torch.encodeUser(users.get(i)), java.encodeUser(users.get(i)),
              1e-5f, what);
        }
        for (int i = 0; i < items.size(); i++) {
          String what = "pooling " + pooling + ", item " + items.get(i).itemId();
          assertArrayEquals(torchItems[i], java.encodeItem(items.get(i)), 1e-5f, what);
        }
      }
    }
  }
}
