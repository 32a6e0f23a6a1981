package io.github.vectorrecall.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory under the system temporary directory that is deleted with everything in it when
 * closed, or when the JVM exits first (a shutdown hook: Ctrl-C, {@code System.exit}). Whoever
 * creates it closes it.
 */
final class TemporaryDirectory implements AutoCloseable {
  private final Path path;
  private final Thread hook;
  private boolean closed;

  private TemporaryDirectory(Path path) {
    this.path = path;
    this.hook = new Thread(() -> deleteQuietly(path), "delete " + path);
  }

  /**
   * Creates the directory.
   *
   * @param prefix the start of its name
   * @return the open directory
   * @throws UncheckedIOException if it cannot be created
   */
  static TemporaryDirectory create(String prefix) {
    try {
      TemporaryDirectory dir = new TemporaryDirectory(Files.createTempDirectory(prefix));
      Runtime.getRuntime().addShutdownHook(dir.hook);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** The directory. */
  Path path() {
    return path;
  }

  /** Deletes the directory and its contents; a second call does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
    deleteQuietly(path);
  }

  private static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      System.err.println("warning: cannot delete the temporary directory " + root + ": " + e);
    }
  }
}
