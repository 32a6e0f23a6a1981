package io.github.vectorrecall.train.data;

import io.github.vectorrecall.RecallException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as its format says: the message names the file, the line and
 * the offending value.
 */
public class DataFileException extends RecallException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  /**
   * Creates the exception.
   *
   * @param file the file
   * @param line 1-based line number, or 0 when the problem is not on one line
   * @param message what is wrong, naming the value
   */
  public DataFileException(Path file, long line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  /**
   * The file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * The line.
   *
   * @return 1-based line number, or 0 when the problem is not on one line
   */
  public long line() {
    return line;
  }
}
