package io.github.vectorrecall.spark.internal;

import io.github.vectorrecall.RecallIOException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * An output directory every executor writes to: a local or shared path (no scheme, or {@code
 * file:}) is written directly, atomically; any other URI ({@code hdfs:}, {@code s3a:}) through
 * Hadoop's FileSystem: the file is written to a local temporary directory, then copied up.
 */
public final class OutputDir implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String uri;

  /**
   * An output directory.
   *
   * @param location a path or a URI
   */
  public OutputDir(String location) {
    this.uri = location;
  }

  private boolean local() {
    String scheme = URI.create(uri).getScheme();
    return scheme == null || scheme.equals("file") || scheme.length() == 1; // C: on Windows
  }

  private Path localPath() {
    URI u = URI.create(uri);
    return u.getScheme() != null && u.getScheme().equals("file") ? Path.of(u) : Path.of(uri);
  }

  /**
   * Writes one file of the directory.
   *
   * @param name the file name
   * @param writer writes the file at the path it is given (atomically, as the library's files
   *     are written)
   */
  public void write(String name, Consumer<Path> writer) {
    try {
      if (local()) {
        Path dir = Files.createDirectories(localPath());
        writer.accept(dir.resolve(name));
        return;
      }
      Path tmp = Files.createTempDirectory("vectorrecall-out");
      Path file = tmp.resolve(name);
      writer.accept(file);
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri, name);
      FileSystem fs = target.getFileSystem(new Configuration());
      fs.mkdirs(target.getParent());
      fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(file.toUri()), target);
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      throw new RecallIOException("cannot write " + name + " to " + uri, e);
    } catch (UncheckedIOException e) {
      throw new RecallIOException("cannot write " + name + " to " + uri, e.getCause());
    }
  }

  @Override
  public String toString() {
    return uri;
  }
}
