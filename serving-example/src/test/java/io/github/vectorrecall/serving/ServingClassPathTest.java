package io.github.vectorrecall.serving;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A serving process (plain-Java encoder + {@code hnsw}) carries no PyTorch and no DJL, and its
 * runtime jars stay small. Reads the runtime class path Maven resolved for this module
 * ({@code dependency:build-classpath}, scope runtime), which is what {@code dependency:tree}
 * lists.
 */
class ServingClassPathTest {
  /** The budget for the runtime jars of a serving process, this module's own excluded. */
  static final long MAX_RUNTIME_BYTES = 5L * 1024 * 1024;

  private static List<Path> runtimeJars() throws IOException {
    String file = System.getProperty("runtime.classpath.file");
    assertTrue(file != null, "runtime.classpath.file is not set (run through Maven)");
    List<Path> jars = new ArrayList<>();
    for (String entry : Files.readString(Path.of(file)).trim().split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        jars.add(Path.of(entry));
      }
    }
    return jars;
  }

  @Test
  void runtimeClassPath_hasNoDjlNorPyTorch() throws IOException {
    List<Path> jars = runtimeJars();
    assertTrue(jars.stream().anyMatch(p -> p.toString().contains("recall-model")), jars::toString);
    for (Path jar : jars) {
      String s = jar.toString().replace('\\', '/');
      assertFalse(s.contains("/ai/djl/") || s.contains("pytorch"), "DJL on the class path: " + s);
      assertFalse(s.contains("hnswlib-core") || s.contains("voyager")
          || s.contains("eclipse-collections"), "an optional index library leaked: " + s);
    }
  }

  @Test
  void runtimeJars_under5MB() throws IOException {
    long total = 0;
    StringBuilder list = new StringBuilder();
    for (Path jar : runtimeJars()) {
      long size = Files.isRegularFile(jar) ? Files.size(jar) : directorySize(jar);
      total += size;
      list.append(String.format("%n  %,12d %s", size, jar.getFileName()));
    }
    assertTrue(total < MAX_RUNTIME_BYTES,
        "runtime jars total " + total + " bytes, over " + MAX_RUNTIME_BYTES + ":" + list);
  }

  /** A reactor module resolved to its classes directory (during {@code mvn verify}). */
  private static long directorySize(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
