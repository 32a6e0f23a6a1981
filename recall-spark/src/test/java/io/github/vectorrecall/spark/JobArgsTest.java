package io.github.vectorrecall.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vectorrecall.spark.internal.JobArgs;
import org.junit.jupiter.api.Test;

class JobArgsTest {
  @Test
  void parse_unknownOption_listsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobArgs.parse("Job", new String[] {"--modle", "x"}, "model", "output"));
    assertEquals("Job: unknown option '--modle'; options: [--model, --output]", e.getMessage());
  }

  @Test
  void parse_missingValue_andRequired() {
    assertEquals("Job: option --model needs a value", assertThrows(
        IllegalArgumentException.class,
        () -> JobArgs.parse("Job", new String[] {"--model"}, "model")).getMessage());
    JobArgs a = JobArgs.parse("Job", new String[] {"--k", "1_000"}, "k", "model");
    assertEquals(1000, a.getInt("k", 5));
    assertEquals("Job: option --model is required",
        assertThrows(IllegalArgumentException.class, () -> a.require("model")).getMessage());
    JobArgs bad = JobArgs.parse("Job", new String[] {"--k", "ten"}, "k");
    assertEquals("Job: --k must be an integer; --k=ten",
        assertThrows(IllegalArgumentException.class, () -> bad.getInt("k", 1)).getMessage());
  }
}
