package io.github.vectorrecall;

/**
 * Root of the unchecked exceptions this library throws for anything that is not a caller mistake
 * (caller mistakes are {@link IllegalArgumentException}, {@link IllegalStateException} and {@link
 * NullPointerException}). Always carries the cause when there is one.
 */
public class RecallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, naming the bad value
   */
  public RecallException(String message) {
    super(message);
  }

  /**
   * Creates an exception with its cause.
   *
   * @param message what went wrong, naming the bad value
   * @param cause the underlying failure
   */
  public RecallException(String message, Throwable cause) {
    super(message, cause);
  }
}
