package io.github.vectorrecall.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallBundle;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.model.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training job publishes a model and its index as one {@link RecallBundle}; a server loads it
 * with the plain-Java encoder, or swaps a running engine to it.
 */
class RecallBundleTest {
  @TempDir
  Path dir;

  /** An engine over a seeded untrained model and an {@code hnsw} index of its items. */
  private RecallEngine engine(long seed) {
    Path model = EncoderContractTest.writeModel(dir.resolve("model-" + seed), Pooling.RECENCY,
        seed);
    Encoder encoder = Encoder.load("java", model);
    List<ItemFeatures> items = EncoderContractTest.items();
    AnnIndex index = AnnIndex.create("hnsw",
        IndexConfig.builder(encoder.dimension()).metric(encoder.metric()).build());
    index.addAll(items.stream().mapToLong(ItemFeatures::itemId).toArray(),
        encoder.encodeItems(items));
    return RecallEngine.builder().encoder(encoder).index(index).k(5).build();
  }

  private static TopK ask(RecallEngine engine) {
    return engine.recall(UserQuery.builder(3).history(101, 102).k(5).build());
  }

  @Test
  void saveThenLoad_sameAnswers_withTheJavaEncoder() {
    Path bundle = dir.resolve("bundle-1");
    TopK before;
    try (RecallEngine engine = engine(1)) {
      before = ask(engine);
      engine.save(bundle);
      engine.encoder().close();
      engine.index().close();
    }
    assertTrue(Files.isRegularFile(bundle.resolve(RecallBundle.MANIFEST)));
    try (RecallEngine loaded = RecallEngine.load(bundle, "java")) {
      TopK after = ask(loaded);
      assertArrayEquals(before.ids(), after.ids());
      assertArrayEquals(before.scores(), after.scores());
    }
  }

  @Test
  void save_existingDirectory_refused_andLeavesNoTemporary() throws IOException {
    Path bundle = Files.createDirectory(dir.resolve("taken"));
    try (RecallEngine engine = engine(2)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> engine.save(bundle));
      assertTrue(e.getMessage().startsWith("bundle directory already exists: "), e.getMessage());
      engine.encoder().close();
      engine.index().close();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".taken")));
    }
  }

  @Test
  void load_withoutManifest_isAnIncompleteBundle() throws IOException {
    Path bundle = dir.resolve("bundle-2");
    try (RecallEngine engine = engine(3)) {
      engine.save(bundle);
      engine.encoder().close();
      engine.index().close();
    }
    Files.delete(bundle.resolve(RecallBundle.MANIFEST));
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> RecallEngine.load(bundle, "java"));
    assertTrue(e.getMessage().contains("no manifest"), e.getMessage());
  }

  @Test
  void load_damagedManifest_corruptFileException() throws IOException {
    Path bundle = dir.resolve("bundle-3");
    try (RecallEngine engine = engine(4)) {
      engine.save(bundle);
      engine.encoder().close();
      engine.index().close();
    }
    Path manifest = bundle.resolve(RecallBundle.MANIFEST);
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(manifest, bytes);
    assertThrows(CorruptFileException.class, () -> RecallEngine.load(bundle, "java"));
  }

  @Test
  void load_indexFromAnotherBundle_refusedByTheManifest() throws IOException {
    Path a = dir.resolve("bundle-a");
    Path b = dir.resolve("bundle-b");
    try (RecallEngine engine = engine(5)) {
      engine.save(a);
      engine.index().remove(100);
      engine.save(b);
      engine.encoder().close();
      engine.index().close();
    }
    Files.copy(b.resolve(RecallBundle.INDEX), a.resolve(RecallBundle.INDEX),
        StandardCopyOption.REPLACE_EXISTING);
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> RecallBundle.open(a, "java"));
    assertTrue(e.getMessage().contains("do not match its manifest"), e.getMessage());
  }

  @Test
  void swapToABundle_laterRequestsUseIt_oldOwnedPairClosed() throws Exception {
    Path bundle = dir.resolve("bundle-4");
    try (RecallEngine trained = engine(6)) {
      trained.save(bundle);
      trained.encoder().close();
      trained.index().close();
    }
    RecallEngine serving = RecallEngine.load(bundle, "java");
    AnnIndex first = serving.index();
    try (RecallEngine next = engine(7)) {
      Path second = dir.resolve("bundle-5");
      next.save(second);
      RecallBundle opened = RecallBundle.open(second, "java");
      serving.swap(opened.encoder(), opened.index()).get(5, TimeUnit.SECONDS);
      assertArrayEquals(ask(next).ids(), ask(serving).ids());
      IllegalStateException closed = assertThrows(IllegalStateException.class, first::size);
      assertEquals("index 'hnsw' is closed", closed.getMessage());
      next.encoder().close();
      next.index().close();
    }
    serving.close();
    assertFalse(Files.exists(dir.resolve(".bundle-4")));
  }
}
