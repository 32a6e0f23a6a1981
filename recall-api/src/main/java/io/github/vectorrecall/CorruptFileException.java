package io.github.vectorrecall;

import java.nio.file.Path;

/**
 * A saved index or model is truncated, fails its checksum, has an unknown format or version, or
 * holds values that cannot be right. Nothing was loaded.
 */
public class CorruptFileException extends RecallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param path the file
   * @param reason what is wrong with it
   */
  public CorruptFileException(Path path, String reason) {
    super(reason + " (file: " + path + ")");
  }

  /**
   * Creates an exception with its cause.
   *
   * @param path the file
   * @param reason what is wrong with it
   * @param cause the underlying failure
   */
  public CorruptFileException(Path path, String reason, Throwable cause) {
    super(reason + " (file: " + path + ")", cause);
  }
}
