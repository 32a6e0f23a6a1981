package io.github.vectorrecall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.UserQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java encoder serves a model file without PyTorch's native library ever being loaded
 * into the process: this module has no DJL dependency at all, and the test checks the process's
 * memory map as well.
 */
class JavaEncoderWithoutNativeTest {

  private static boolean torchMapped() throws IOException {
    return Files.readString(Path.of("/proc/self/maps")).contains("libtorch");
  }

  @Test
  void servesAModelFile_withoutLoadingTheNativeLibrary(@TempDir Path dir) throws IOException {
    for (Pooling pooling : Pooling.values()) {
      Path model =
          EncoderContractTest.writeModel(dir.resolve("p" + pooling), pooling, pooling.ordinal());
      try (Encoder e = Encoder.load("java", model)) {
        for (UserQuery q : EncoderContractTest.queries()) {
          assertEquals(EncoderContractTest.DIMENSION, e.encodeUser(q).length);
        }
      }
    }
    assertFalse(torchMapped(), "libtorch was mapped into the process");
    assertFalse(classPresent("ai.djl.engine.Engine"), "DJL is on the class path");
  }

  private static boolean classPresent(String name) {
    try {
      Class.forName(name, false, JavaEncoderWithoutNativeTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
