package io.github.vectorrecall.io;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files this library writes on its way to a file (a save writes {@code
 * <name>.<digits>.tmp} beside the target and renames it into place), and the removal of those
 * that a killed process left behind.
 *
 * <p>A temporary file is stale, and removed by the next save or load of a file beside it, when
 * its name is {@code prefix + digits + suffix} (the naming of {@link #create}), it was last
 * modified more than {@link #STALE_AFTER} ago, and no thread of this process is writing it. The
 * age protects a save running in another process: its file's modification time moves with every
 * write, and a save never pauses for minutes. The register of this process's own temporaries
 * protects a save here that is slow to finish (a file copied while its modification time stays
 * old). Process ids are deliberately not used: processes on other hosts, or in other containers,
 * may write into the same directory, and their ids mean nothing here, so a "dead" id could be a
 * live writer elsewhere.
 */
public final class TempFiles {
  /** How long a temporary file must have stood unmodified before it counts as abandoned. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
  /** Temporary files threads of this process are writing or reading right now. */
  private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

  private TempFiles() {}

  /**
   * Creates a temporary file named {@code prefix + digits + suffix} and registers it as this
   * process's own until {@link #delete} or {@link #release} is called.
   *
   * @param dir the directory, or null for the system temporary directory
   * @param prefix start of the name
   * @param suffix end of the name
   * @return the new file
   * @throws IOException if it cannot be created
   */
  public static Path create(Path dir, String prefix, String suffix) throws IOException {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Path tmp = dir == null
        ? Files.createTempFile(prefix, suffix)
        : Files.createTempFile(dir, prefix, suffix);
    OWN.add(tmp.toAbsolutePath());
    return tmp;
  }

  /**
   * Forgets a temporary file that was renamed into place or deleted by its writer.
   *
   * @param tmp a file from {@link #create}
   */
  public static void release(Path tmp) {
    if (tmp != null) {
      OWN.remove(tmp.toAbsolutePath());
    }
  }

  /**
   * Deletes a temporary file if it exists, and forgets it; failures are logged, not thrown (a
   * temporary file is not the user's data).
   *
   * @param tmp a file from {@link #create}, or null
   */
  public static void delete(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      LOG.warn("Cannot delete temporary file {}: {}", tmp, e.toString());
    } finally {
      release(tmp);
    }
  }

  /**
   * Removes the stale temporary files of one naming from a directory (see the class comment).
   * Best effort: a directory or file that cannot be read or deleted is left as it is.
   *
   * @param dir the directory, or null for the system temporary directory
   * @param prefix start of the names, as given to {@link #create}
   * @param suffix end of the names, as given to {@link #create}
   * @return how many files were removed
   */
  public static int removeStale(Path dir, String prefix, String suffix) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Path d = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    if (!Files.isDirectory(d)) {
      return 0;
    }
    Instant cutoff = Instant.now().minus(STALE_AFTER);
    int removed = 0;
    DirectoryStream.Filter<Path> named = p -> hasNaming(p, prefix, suffix);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d, named)) {
      for (Path p : files) {
        if (!OWN.contains(p.toAbsolutePath()) && olderThan(p, cutoff)) {
          try {
            if (Files.deleteIfExists(p)) {
              removed++;
              LOG.info("Removed {}, a temporary file left by an interrupted save", p);
            }
          } catch (IOException e) {
            LOG.debug("Cannot remove stale temporary file {}: {}", p, e.toString());
          }
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      LOG.debug("Cannot look for stale temporary files in {}: {}", d, e.toString());
    }
    return removed;
  }

  private static boolean hasNaming(Path p, String prefix, String suffix) {
    Path fileName = p.getFileName();
    if (fileName == null) {
      return false;
    }
    String name = fileName.toString();
    if (name.length() <= prefix.length() + suffix.length()
        || !name.startsWith(prefix) || !name.endsWith(suffix)) {
      return false;
    }
    for (int i = prefix.length(); i < name.length() - suffix.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean olderThan(Path p, Instant cutoff) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }
}
