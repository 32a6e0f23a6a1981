package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Failures once the work has started: one line, exit status 1, the trace with --verbose. */
class ErrorReporterTest {
  private final StringWriter text = new StringWriter();

  private int failure(Throwable t, boolean verbose) {
    return new ErrorReporter(new PrintWriter(text), verbose).failure(t);
  }

  @Test
  void failure_corruptFile_oneLineStatus1() {
    int status = failure(new CorruptFileException(Path.of("/m/index.bin"), "checksum mismatch"),
        false);

    assertEquals(1, status);
    assertEquals("error: checksum mismatch (file: /m/index.bin)" + System.lineSeparator(),
        text.toString());
  }

  @Test
  void failure_ioWithCause_namesBoth() {
    int status = failure(new RecallIOException("cannot save the model to /m",
        new NoSuchFileException("/m/model.bin")), false);

    assertEquals(1, status);
    assertEquals("error: cannot save the model to /m: /m/model.bin: no such file or directory",
        text.toString().strip());
  }

  @Test
  void failure_uncheckedIo_namesTheFile() {
    failure(new UncheckedIOException(new NoSuchFileException("/d/u.data")), false);

    assertEquals("error: /d/u.data: no such file or directory", text.toString().strip());
  }

  @Test
  void failure_unexpected_namesTheExceptionAndPointsToVerbose() {
    int status = failure(new NullPointerException("x is null"), false);

    assertEquals(1, status);
    assertEquals("error: NullPointerException: x is null (--verbose prints the stack trace)",
        text.toString().strip());
  }

  @Test
  void failure_multiLineMessage_staysOnOneLine() {
    failure(new IllegalStateException("first\n  second"), false);

    assertEquals(1, text.toString().strip().lines().count(), text.toString());
    assertTrue(text.toString().contains("first second"), text.toString());
  }

  @Test
  void failure_verbose_addsTheTrace() {
    failure(new NullPointerException("x is null"), true);

    assertTrue(text.toString().startsWith("error: NullPointerException: x is null"
        + System.lineSeparator()), text.toString());
    assertTrue(text.toString().contains("\tat "), text.toString());
    assertFalse(text.toString().contains("--verbose prints"), text.toString());
  }

  @Test
  void failure_usageException_status2() {
    assertEquals(2, failure(new UsageException("--k must be positive; got 0"), false));
    assertEquals("error: --k must be positive; got 0", text.toString().strip());
  }
}
