package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.AnnIndexContractTest;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoyagerAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "voyager";
  }

  @Test
  void load_noGraphButIds_corruptFile() {
    Path file = tmp.resolve("no-graph.bin");
    ChecksummedFile.write(file, AnnIndexProvider.CODEC_PREFIX + "voyager", 2, out -> {
      IndexFile.Header.of(IndexConfig.builder(4).build()).write(out);
      out.writeInt(1);
      out.writeLong(42L);
      out.writeInt(0);
      out.writeLong(0L);
    });
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertEquals("graph of 0 bytes for 1 ids (file: " + file + ")", e.getMessage());
  }

  @Test
  void saveAndLoad_removeStaleGraphTemporaries_keepFreshOnes() throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    // the graph a killed save left beside the index, and one that a save is writing now
    Path killedSave = Files.write(tmp.resolve(".voyager-graph5566778899.tmp"), new byte[4096]);
    Files.setLastModifiedTime(killedSave, hourAgo);
    Path running = Files.write(tmp.resolve(".voyager-graph77.tmp"), new byte[16]);
    Path file = tmp.resolve("index.bin");
    try (AnnIndex index = AnnIndex.create("voyager", IndexConfig.builder(4).build())) {
      index.add(1, new float[] {1, 0, 0, 0});
      index.save(file);
    }
    assertFalse(Files.exists(killedSave));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(running, file), files.sorted().toList(),
          "the save's own graph temporary must be gone");
    }
    // the graph a killed load left in the system temporary directory, and another killed save
    Path killedLoad = Files.write(Path.of(System.getProperty("java.io.tmpdir"))
        .resolve(".voyager-graph" + (System.nanoTime() & Long.MAX_VALUE) + ".tmp"), new byte[64]);
    Files.setLastModifiedTime(killedLoad, hourAgo);
    Path killedAgain = Files.write(tmp.resolve(".voyager-graph1.tmp"), new byte[64]);
    Files.setLastModifiedTime(killedAgain, hourAgo);
    try (AnnIndex loaded = AnnIndex.load(file)) {
      assertEquals(1, loaded.size());
    }
    assertFalse(Files.exists(killedLoad), "a killed load's graph must be removed by a load");
    assertFalse(Files.exists(killedAgain), "a killed save's graph must be removed by a load");
    assertTrue(Files.exists(running));
  }
}
