package io.github.vectorrecall;

import io.github.vectorrecall.io.ChecksummedFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A model and its item index published together, so that a training job can hand one directory
 * to a serving process: {@value #MODEL} (the encoder's files), {@value #INDEX} (the index file)
 * and {@value #MANIFEST} (format, dimension, metric, index provider, item count), each
 * checksummed.
 *
 * <p>A bundle appears complete or not at all: {@link #write} fills a temporary sibling directory,
 * writes the manifest last and renames the directory into place, and {@link #open} refuses a
 * directory without a valid manifest. Publish each bundle under a new name (a version or a date)
 * and point the server at the newest one.
 *
 * <pre>{@code
 * RecallBundle.write(Path.of("bundles/2026-11-30"), encoder, index);   // the training job
 * RecallBundle b = RecallBundle.open(Path.of("bundles/2026-11-30"), "java");
 * engine.swap(b.encoder(), b.index());                                  // the server
 * }</pre>
 */
public final class RecallBundle {
  /** The model directory inside a bundle. */
  public static final String MODEL = "model";
  /** The index file inside a bundle. */
  public static final String INDEX = "index.bin";
  /** The manifest inside a bundle, written last. */
  public static final String MANIFEST = "manifest.bin";
  private static final String CODEC = "RecallBundle";
  private static final int VERSION = 1;

  private final Encoder encoder;
  private final AnnIndex index;

  private RecallBundle(Encoder encoder, AnnIndex index) {
    this.encoder = encoder;
    this.index = index;
  }

  /**
   * The loaded model; whoever opened the bundle closes it (or hands it to {@link
   * RecallEngine#swap}, which then owns it).
   *
   * @return the encoder
   */
  public Encoder encoder() {
    return encoder;
  }

  /**
   * The loaded index; whoever opened the bundle closes it (or hands it to {@link
   * RecallEngine#swap}, which then owns it).
   *
   * @return the index
   */
  public AnnIndex index() {
    return index;
  }

  /** What the manifest records. */
  private record Manifest(String indexProvider, int dimension, Metric metric, int items) {}

  /**
   * Writes a bundle into a new directory, all at once.
   *
   * @param directory the bundle directory; it must not exist, and its parent must
   * @param encoder the model
   * @param index the item index built from its item vectors
   * @throws IllegalArgumentException if the directory exists, or the encoder and index disagree
   *     on dimension or metric
   * @throws RecallIOException if writing fails; nothing is then left at {@code directory}
   */
  public static void write(Path directory, Encoder encoder, AnnIndex index) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(index, "index");
    ServingPair.checkCompatible(encoder, index);
    Path target = directory.toAbsolutePath();
    if (Files.exists(target)) {
      throw new IllegalArgumentException("bundle directory already exists: " + target
          + "; publish each bundle under a new name");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
      encoder.save(tmp.resolve(MODEL));
      index.save(tmp.resolve(INDEX));
      Manifest m = new Manifest(index.provider(), index.dimension(), index.metric(), index.size());
      ChecksummedFile.write(tmp.resolve(MANIFEST), CODEC, VERSION, out -> {
        out.writeUTF(m.indexProvider());
        out.writeInt(m.dimension());
        out.writeUTF(m.metric().name());
        out.writeInt(m.items());
      });
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      tmp = null;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      throw new IllegalArgumentException("bundle directory already exists: " + target
          + "; publish each bundle under a new name", e);
    } catch (IOException e) {
      throw new RecallIOException("Cannot write bundle " + target, e);
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Opens a bundle: checks its manifest, loads the model and the index, and checks that they
   * match the manifest and each other.
   *
   * @param directory a bundle directory written by {@link #write}
   * @param encoderProvider the encoder provider, for example {@code "java"} to serve without
   *     PyTorch, or null for the provider that wrote the model
   * @return the bundle; the caller closes its encoder and index
   * @throws CorruptFileException if the manifest is missing (an incomplete bundle) or a file is
   *     damaged, or the files disagree with the manifest
   * @throws RecallIOException if a file cannot be read
   */
  public static RecallBundle open(Path directory, String encoderProvider) {
    Objects.requireNonNull(directory, "directory");
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new CorruptFileException(manifestFile,
          "no manifest: not a bundle, or one whose writing did not finish");
    }
    Manifest m = ChecksummedFile.read(manifestFile, CODEC, VERSION, VERSION, (in, v) -> {
      String provider = in.readUTF();
      int dimension = in.readInt();
      Metric metric;
      try {
        metric = Metric.valueOf(in.readUTF());
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(manifestFile, "unknown metric", e);
      }
      return new Manifest(provider, dimension, metric, in.readInt());
    });
    Encoder encoder = encoderProvider == null
        ? Encoder.load(directory.resolve(MODEL))
        : Encoder.load(encoderProvider, directory.resolve(MODEL));
    AnnIndex index = null;
    try {
      index = AnnIndex.load(directory.resolve(INDEX));
      Manifest found = new Manifest(index.provider(), index.dimension(), index.metric(),
          index.size());
      if (!found.equals(m) || encoder.dimension() != m.dimension()
          || encoder.metric() != m.metric()) {
        throw new CorruptFileException(manifestFile, "the bundle's files do not match its"
            + " manifest: manifest " + m + ", index " + found + ", encoder dimension "
            + encoder.dimension() + " metric " + encoder.metric());
      }
      return new RecallBundle(encoder, index);
    } catch (RuntimeException e) {
      if (index != null) {
        index.close();
      }
      encoder.close();
      throw e;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a temporary directory of this library, not the user's data
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
