package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.EpochStats;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.NamedTensor;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training interrupted after an epoch resumes from its checkpoint and ends where it would have. */
class TrainingCheckpointTest {
  private static Dataset data;
  private static List<ItemFeatures> catalog;

  @BeforeAll
  static void data() {
    data = SyntheticDataset.builder().users(300).items(150).meanInteractions(15).seed(21)
        .generate();
    catalog = new ArrayList<>(data.items().values());
    catalog.sort(Comparator.comparingLong(ItemFeatures::itemId));
  }

  private static TwoTowerConfig config(Path dir, long seed) {
    return settings(dir, seed)
        .weightAveraging(0.9f).build(); // the average is state a resumed run must carry on
  }

  private static TwoTowerConfig.Builder settings(Path dir, long seed) {
    return TwoTowerConfig.builder().common(TrainerConfig.builder().epochs(4).threads(1)
        .seed(seed).checkpointDirectory(dir).build()).patience(4).ensembleSize(1);
  }

  /** Records the epochs it sees, and fails at one of them when asked, as a crash would. */
  private static final class Recorder implements TrainingListener {
    final List<EpochStats> epochs = new ArrayList<>();
    final int crashAt;

    Recorder(int crashAt) {
      this.crashAt = crashAt;
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
      epochs.add(stats);
      if (epochs.size() == crashAt) {
        throw new IllegalStateException("simulated crash after epoch " + stats.epoch());
      }
    }
  }

  private static float[][] train(TwoTowerConfig config, Recorder listener) {
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder encoder = trainer.train(data, listener)) {
      return encoder.encodeItems(catalog);
    }
  }

  @Test
  void interruptedTraining_resumesAfterTheLastCompletedEpoch(@TempDir Path tmp) {
    resumesBitForBit(tmp, dir -> config(dir, 5));
  }

  /** Lazy user updates (no averaging): each row's catch-up state is whole at an epoch's end. */
  @Test
  void interruptedLazyTraining_resumesAfterTheLastCompletedEpoch(@TempDir Path tmp) {
    assertTrue(settings(tmp, 5).build().lazyUserUpdatesApply());
    resumesBitForBit(tmp, dir -> settings(dir, 5).build());
  }

  private static void resumesBitForBit(Path tmp, Function<Path, TwoTowerConfig> config) {
    Recorder whole = new Recorder(-1);
    float[][] expected = train(config.apply(tmp.resolve("a")), whole);
    assertFalse(Files.exists(tmp.resolve("a").resolve(Checkpoint.FILE_NAME)),
        "a completed training deletes its checkpoint");

    Path dir = tmp.resolve("b");
    Recorder crashing = new Recorder(2);
    IllegalStateException crash =
        assertThrows(IllegalStateException.class, () -> train(config.apply(dir), crashing));
    assertTrue(crash.getMessage().contains("after epoch 2"), crash.getMessage());
    assertTrue(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));

    Checkpoint.State saved = new Checkpoint(dir, "unused").readAnyFingerprint();
    assertEquals(Checkpoint.Phase.SELECT, saved.phase());
    assertEquals(2, saved.epoch());
    assertFalse(saved.finished());

    Recorder resumed = new Recorder(-1);
    float[][] actual = train(config.apply(dir), resumed);
    assertEquals(3, resumed.epochs.get(0).epoch(), "resumes with the epoch after the checkpoint");
    List<Integer> selection = resumed.epochs.stream().filter(e -> !e.validation().isEmpty())
        .map(EpochStats::epoch).toList();
    assertEquals(List.of(3, 4), selection, "the remaining model-selection epochs");
    int refit = resumed.epochs.size() - selection.size();
    assertTrue(refit >= 1 && refit <= 4, "then the refit, for the best epoch count: " + refit);
    assertEquals(4, whole.epochs.stream().filter(e -> !e.validation().isEmpty()).count());
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], "item " + catalog.get(i).itemId()
          + ": the resumed training ends with the model the unbroken one made, bit for bit");
    }
    assertFalse(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));
  }

  @Test
  void checkpointFile_roundTripsTheStateExactly(@TempDir Path dir) {
    Random rnd = new Random(3);
    Function<String, NamedTensor> t = name -> {
      float[] data = new float[12];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) rnd.nextGaussian();
      }
      return new NamedTensor(name, new long[] {3, 4}, data);
    };
    Checkpoint.State state = new Checkpoint.State(Checkpoint.Phase.FINAL, 7, 3, 1234L, 1230,
        12.5, 0.4321, 2, 1, false, List.of(t.apply("user_w1"), t.apply("item_w1")),
        List.of(t.apply("m:user_w1"), t.apply("v:user_w1")), List.of(t.apply("user_w1")));
    Checkpoint checkpoint = new Checkpoint(dir, "fingerprint-1");
    checkpoint.write(state);
    Checkpoint.State back = checkpoint.read();
    assertEquals(List.of(state.phase(), state.plannedEpochs(), state.epoch(), state.steps(),
        state.adamSteps(), state.seconds(), state.bestHr(), state.bestEpoch(), state.sinceBest(),
        state.finished()), List.of(back.phase(), back.plannedEpochs(), back.epoch(), back.steps(),
        back.adamSteps(), back.seconds(), back.bestHr(), back.bestEpoch(), back.sinceBest(),
        back.finished()));
    List<List<NamedTensor>> before = List.of(state.weights(), state.moments(), state.best());
    List<List<NamedTensor>> after = List.of(back.weights(), back.moments(), back.best());
    for (int list = 0; list < 3; list++) {
      assertEquals(before.get(list).size(), after.get(list).size());
      for (int i = 0; i < before.get(list).size(); i++) {
        NamedTensor a = before.get(list).get(i);
        NamedTensor b = after.get(list).get(i);
        assertEquals(a.name(), b.name());
        assertArrayEquals(a.shape(), b.shape());
        assertArrayEquals(a.data(), b.data());
      }
    }
    assertNull(new Checkpoint(dir, "fingerprint-2").read(), "a checkpoint of other settings");
  }

  @Test
  void checkpointOfOtherSettings_isNotResumed(@TempDir Path dir) {
    assertThrows(IllegalStateException.class, () -> train(config(dir, 5), new Recorder(1)));
    Recorder other = new Recorder(-1);
    train(config(dir, 6), other);
    assertEquals(1, other.epochs.get(0).epoch(), "another seed starts over");
  }

  @Test
  void checkpointOfOtherItemFeatures_isNotResumed(@TempDir Path dir) {
    assertThrows(IllegalStateException.class, () -> train(config(dir, 5), new Recorder(1)));
    // The same interactions and users; every item gains a tag, so the model's layout changes.
    List<ItemFeatures> tagged = new ArrayList<>();
    for (ItemFeatures item : data.items().values()) {
      List<String> tags = new ArrayList<>(item.tags());
      tags.add("extra-" + item.itemId() % 7);
      tagged.add(new ItemFeatures(item.itemId(), item.categorical(), tags, item.dense()));
    }
    Dataset other = Dataset.of("tagged", data.interactions(), data.users().values(), tagged);
    Recorder recorder = new Recorder(-1);
    try (Trainer trainer = new TwoTowerTrainer(config(dir, 5));
        Encoder encoder = trainer.train(other, recorder)) {
      assertEquals(1, recorder.epochs.get(0).epoch(), "other item features start over");
      assertEquals(64, encoder.dimension());
    }
  }

  @Test
  void unknownPhase_failsNamingTheFile(@TempDir Path dir) {
    // A well-formed file (checksum and all) whose phase code no version has written.
    Path file = dir.resolve(Checkpoint.FILE_NAME);
    io.github.vectorrecall.io.ChecksummedFile.write(file, "TrainerCheckpoint", 1, out -> {
      out.writeUTF("fingerprint-1");
      out.writeInt(7);
    });
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> new Checkpoint(dir, "fingerprint-1").read());
    assertEquals("unknown training phase 7 (file: " + file + ")", e.getMessage());
  }

  @Test
  void damagedCheckpoint_failsNamingTheFile(@TempDir Path dir) throws IOException {
    assertThrows(IllegalStateException.class, () -> train(config(dir, 5), new Recorder(1)));
    Path file = dir.resolve(Checkpoint.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> train(config(dir, 5), new Recorder(-1)));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
