package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves killed for real: a child JVM saves an index over and over to one path and is killed
 * ({@code SIGKILL}, no shutdown hook runs) at a random moment, several times. After every kill
 * the file at the path loads whole, with every item; the temporaries the kills left behind are
 * removed by the next save once they are stale.
 */
class KilledSaveTest {
  static final int ITEMS = 20_000;
  static final int DIMENSION = 32;
  static final int KILLS = 6;

  /** The child: builds an exact index and saves it to {@code args[0]} until killed. */
  public static final class SaveLoop {
    public static void main(String[] args) {
      Path path = Path.of(args[0]);
      try (AnnIndex index = AnnIndex.create("exact",
          IndexConfig.builder(DIMENSION).metric(Metric.L2).build())) {
        Random rnd = new Random(1);
        long[] ids = new long[ITEMS];
        float[][] vectors = new float[ITEMS][DIMENSION];
        for (int i = 0; i < ITEMS; i++) {
          ids[i] = i;
          for (int d = 0; d < DIMENSION; d++) {
            vectors[i][d] = (float) rnd.nextGaussian();
          }
        }
        index.addAll(ids, vectors);
        System.out.println("ready");
        System.out.flush();
        while (true) {
          index.save(path);
        }
      }
    }
  }

  private static List<Path> temporaries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void saveKilledAtRandom_fileStaysWhole_staleTemporariesRemovedLater(@TempDir Path dir)
      throws Exception {
    Path path = dir.resolve("items.idx");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Random rnd = new Random(7);
    int completeLoads = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = new ProcessBuilder(java, "-Xmx512m", "-cp",
          System.getProperty("java.class.path"), SaveLoop.class.getName(), path.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
      try {
        waitForReady(dir.resolve("child.log"), child);
        Thread.sleep(100 + rnd.nextInt(700));
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
      }
      if (Files.exists(path)) {
        try (AnnIndex loaded = AnnIndex.load(path)) {
          assertEquals(ITEMS, loaded.size(), "after kill " + kill);
          completeLoads++;
        }
      }
    }
    assertTrue(completeLoads >= KILLS - 1, "the file was missing after " + (KILLS - completeLoads)
        + " kills (only the first save can be cut before any file exists)");
    List<Path> left = temporaries(dir);
    System.out.printf("KilledSaveTest: %d kills, %d loads whole, %d temporaries left%n", KILLS,
        completeLoads, left.size());
    // Age them past the stale limit, as a restart some time later would find them.
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    for (Path tmp : left) {
      Files.setLastModifiedTime(tmp, old);
    }
    try (AnnIndex loaded = AnnIndex.load(path)) {
      loaded.save(path);
    }
    assertEquals(List.of(), temporaries(dir), "stale temporaries of killed saves remain");
  }

  private static void waitForReady(Path log, Process child) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      if (Files.exists(log) && Files.readString(log).contains("ready")) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("child died: " + Files.readString(log));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("child not ready in 60 s: " + Files.readString(log));
  }
}
