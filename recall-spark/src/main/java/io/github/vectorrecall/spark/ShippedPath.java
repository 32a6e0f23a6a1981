package io.github.vectorrecall.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * A file the driver has that every executor needs (a model file, an index file), as a small
 * serialisable handle the jobs' functions carry. Either shipped with the job ({@link #ship}: the
 * driver calls {@code SparkContext.addFile}, every executor fetches the file once into its
 * SparkFiles directory) or already on a path every executor can read ({@link #shared}: NFS, a
 * local disk in {@code local[*]} mode, or a path the cluster provisions).
 *
 * <p>Spark keys shipped files by name: one SparkContext can ship only one file of each name, so
 * give different indexes different names.
 */
public final class ShippedPath implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String driverPath;
  private final String sparkFileName;

  private ShippedPath(String driverPath, String sparkFileName) {
    this.driverPath = driverPath;
    this.sparkFileName = sparkFileName;
  }

  /**
   * Ships a regular file with the job.
   *
   * @param spark the session
   * @param file a regular file on the driver
   * @return the handle
   * @throws IllegalArgumentException if it is not a regular file
   */
  public static ShippedPath ship(SparkSession spark, Path file) {
    Objects.requireNonNull(spark, "spark");
    Path abs = Objects.requireNonNull(file, "file").toAbsolutePath();
    if (!Files.isRegularFile(abs)) {
      throw new IllegalArgumentException("only a regular file can be shipped; file=" + abs);
    }
    spark.sparkContext().addFile(abs.toUri().toString());
    return new ShippedPath(abs.toString(), abs.getFileName().toString());
  }

  /**
   * A path every executor reads as it is.
   *
   * @param file the file
   * @return the handle
   */
  public static ShippedPath shared(Path file) {
    return new ShippedPath(Objects.requireNonNull(file, "file").toAbsolutePath().toString(), null);
  }

  /**
   * Where the file is in this JVM: the SparkFiles copy when shipped, else the shared path.
   *
   * @return a local path
   */
  public Path resolve() {
    if (sparkFileName != null) {
      Path local = Path.of(SparkFiles.get(sparkFileName));
      if (Files.exists(local)) {
        return local;
      }
    }
    return Path.of(driverPath);
  }

  /**
   * Whether the file travels with the job.
   *
   * @return true when shipped through SparkFiles
   */
  public boolean shipped() {
    return sparkFileName != null;
  }

  @Override
  public String toString() {
    return (shipped() ? "shipped " : "shared ") + driverPath;
  }
}
