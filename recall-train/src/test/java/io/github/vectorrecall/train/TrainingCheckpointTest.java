package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

  private static TrainerConfig config(Path dir, long seed) {
    return TrainerConfig.builder().epochs(4).patience(4).threads(1).seed(seed)
        .checkpointDirectory(dir).build();
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

  private static float[][] train(TrainerConfig config, Recorder listener) {
    try (Trainer trainer = Trainer.create(config);
        Encoder encoder = trainer.train(data, listener)) {
      return encoder.encodeItems(catalog);
    }
  }

  @Test
  void interruptedTraining_resumesAfterTheLastEpoch_andEndsWithTheSameModel(@TempDir Path tmp) {
    Recorder whole = new Recorder(-1);
    float[][] expected = train(config(tmp.resolve("a"), 5), whole);
    assertFalse(Files.exists(tmp.resolve("a").resolve(Checkpoint.FILE_NAME)),
        "a completed training deletes its checkpoint");

    Path dir = tmp.resolve("b");
    Recorder crashing = new Recorder(2);
    IllegalStateException crash =
        assertThrows(IllegalStateException.class, () -> train(config(dir, 5), crashing));
    assertTrue(crash.getMessage().contains("after epoch 2"), crash.getMessage());
    assertTrue(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));

    Recorder resumed = new Recorder(-1);
    float[][] actual = train(config(dir, 5), resumed);
    assertEquals(3, resumed.epochs.get(0).epoch(), "resumes with the epoch after the checkpoint");
    assertEquals(whole.epochs.size() - 2, resumed.epochs.size());
    for (int i = 0; i < resumed.epochs.size(); i++) {
      EpochStats a = whole.epochs.get(i + 2);
      EpochStats b = resumed.epochs.get(i);
      assertEquals(a.epoch(), b.epoch());
      assertEquals(a.loss(), b.loss(), 1e-3 * Math.abs(a.loss()), "loss of epoch " + a.epoch());
    }
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
      }
    }
    assertTrue(worst < 1e-3, "item vectors of the resumed model differ by up to " + worst);
    assertFalse(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));
  }

  @Test
  void sameSeedOnOneThread_givesTheSameModel(@TempDir Path tmp) {
    float[][] a = train(config(null, 9), new Recorder(-1));
    float[][] b = train(config(null, 9), new Recorder(-1));
    for (int i = 0; i < a.length; i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], "item " + i);
    }
  }

  @Test
  void checkpointOfOtherSettings_isNotResumed(@TempDir Path dir) {
    assertThrows(IllegalStateException.class, () -> train(config(dir, 5), new Recorder(1)));
    Recorder other = new Recorder(-1);
    train(config(dir, 6), other);
    assertEquals(1, other.epochs.get(0).epoch(), "another seed starts over");
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
