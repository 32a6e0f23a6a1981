package io.github.vectorrecall.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of option values made before a command does any work; each names the option. */
final class OptionChecks {
  private OptionChecks() {}

  /**
   * The value, if positive.
   *
   * @throws UsageException naming the option and the value otherwise
   */
  static int positive(String option, int value) {
    if (value <= 0) {
      throw new UsageException(option + " must be positive; got " + value);
    }
    return value;
  }

  /**
   * Runs a library setter or builder for an option, turning its {@link IllegalArgumentException}
   * or {@link IllegalStateException} into a {@link UsageException} that names the option.
   *
   * @throws UsageException if the setting is refused
   */
  static void setting(String option, Runnable set) {
    try {
      set.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    }
  }

  /**
   * A file the command will write at the end of its run: its directory exists and is writable,
   * and the path is not a directory, so that a long run does not fail at its last step.
   *
   * @throws UsageException naming the option, the file and what is wrong
   */
  static void outputFile(String option, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    String what = option + " " + file + ": ";
    if (Files.isDirectory(abs)) {
      throw new UsageException(what + "is a directory; give a file name");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException(what + "directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new UsageException(what + "directory " + dir + " is not writable");
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw new UsageException(what + "file exists and is not writable");
    }
  }

  /**
   * A directory the command will write into: absent (it will be created) or a directory.
   *
   * @throws UsageException if the path is a file
   */
  static void outputDirectory(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(option + " " + dir + ": is a file, not a directory");
    }
  }
}
