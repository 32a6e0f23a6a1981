package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  @Test
  void defaults_andSettings() {
    TrainerConfig d = TrainerConfig.defaults();
    assertEquals(TrainerConfig.DEFAULT_EPOCHS, d.epochs());
    assertEquals(TrainerConfig.DEFAULT_BATCH_SIZE, d.batchSize());
    assertEquals(TrainerConfig.DEFAULT_LEARNING_RATE, d.learningRate());
    assertEquals(TrainerConfig.DEFAULT_SEED, d.seed());
    assertEquals(TrainerConfig.DEFAULT_THREADS, d.threads());
    TrainerConfig c = TrainerConfig.builder().epochs(3).batchSize(2).learningRate(0.5f).seed(-1)
        .threads(4).checkpointDirectory(Path.of("ckpt")).option("b", "2").option("a", "1")
        .build();
    assertEquals("TrainerConfig{epochs=3, batchSize=2, learningRate=0.5, seed=-1, threads=4, "
        + "checkpointDirectory=ckpt, options={a=1, b=2}}", c.toString(),
        "options sorted by name");
  }

  @Test
  void setters_rejectBadValuesNamingThem() {
    TrainerConfig.Builder b = TrainerConfig.builder();
    assertMessage("epochs must be positive; epochs=0", () -> b.epochs(0));
    assertMessage("batchSize must be at least 2; batchSize=1", () -> b.batchSize(1));
    assertMessage("learningRate must be positive and finite; learningRate=-1.0",
        () -> b.learningRate(-1f));
    assertMessage("learningRate must be positive and finite; learningRate=NaN",
        () -> b.learningRate(Float.NaN));
    assertMessage("threads must be >= 0; threads=-2", () -> b.threads(-2));
    assertEquals("name",
        assertThrows(NullPointerException.class, () -> b.option(null, "v")).getMessage());
    assertEquals("value",
        assertThrows(NullPointerException.class, () -> b.option("k", null)).getMessage());
    assertEquals(TrainerConfig.defaults().toString(), b.build().toString());
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(expected, e.getMessage());
  }
}
