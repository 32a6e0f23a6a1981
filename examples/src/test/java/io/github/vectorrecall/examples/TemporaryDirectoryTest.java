package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The temporary model directory of a run that trains is gone when the run ends, however. */
class TemporaryDirectoryTest {

  @Test
  void close_withFilesAndSubdirectories_deletesEverything() throws IOException {
    Path path;
    try (TemporaryDirectory t = TemporaryDirectory.create("vectorrecall-model")) {
      path = t.path();
      Files.writeString(path.resolve("model.bin"), "weights");
      Files.createDirectories(path.resolve("sub/deeper"));
      Files.writeString(path.resolve("sub/deeper/x"), "x");
      assertTrue(Files.isDirectory(path));
    }
    assertFalse(Files.exists(path), path.toString());
  }

  @Test
  void close_afterAFailure_deletes() {
    Path[] path = new Path[1];
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      try (TemporaryDirectory t = TemporaryDirectory.create("vectorrecall-model")) {
        path[0] = t.path();
        Files.writeString(t.path().resolve("half-written"), "x");
        throw new IllegalStateException("training failed");
      }
    });
    assertEquals("training failed", e.getMessage());
    assertFalse(Files.exists(path[0]), path[0].toString());
  }

  @Test
  void close_twice_isANoOp() {
    TemporaryDirectory t = TemporaryDirectory.create("vectorrecall-model");
    t.close();
    t.close();
    assertFalse(Files.exists(t.path()));
  }
}
