package io.github.vectorrecall;

import java.io.IOException;

/** Reading or writing a file failed; wraps the {@link IOException}. */
public class RecallIOException extends RecallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was being done, naming the file
   * @param cause the I/O failure
   */
  public RecallIOException(String message, IOException cause) {
    super(message + ": " + cause, cause);
  }
}
