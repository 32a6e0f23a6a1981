package io.github.vectorrecall.examples;

/**
 * A command line that cannot run: a bad option value, or options that do not go together. Found
 * before any work starts; the command exits with status 2 and this message on one line.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
