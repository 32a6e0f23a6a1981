package io.github.vectorrecall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to open a saved index: the settings of the running index that its file does not fix.
 * Unset, each is as the index was saved (its vector storage) or as a new index's default (one
 * search thread).
 *
 * <pre>{@code
 * // built with floats on the heap on a large machine, served with them memory-mapped
 * try (AnnIndex index = AnnIndex.load(file, LoadOptions.builder()
 *     .vectorStorage(VectorStorage.MAPPED)
 *     .vectorDirectory(Path.of("/var/cache/recall"))
 *     .searchThreads(2)
 *     .build())) {
 *   ...
 * }
 * }</pre>
 *
 * <p>A provider that cannot honour a setting refuses the load with an {@link
 * IllegalArgumentException} naming it, rather than ignore it. Instances are immutable.
 */
public final class LoadOptions {
  private static final LoadOptions DEFAULTS = new Builder().build();

  private final VectorStorage vectorStorage;
  private final Path vectorDirectory;
  private final int searchThreads;

  private LoadOptions(Builder b) {
    this.vectorStorage = b.vectorStorage;
    this.vectorDirectory = b.vectorDirectory;
    this.searchThreads = b.searchThreads;
  }

  /**
   * Every setting as saved or as default.
   *
   * @return the default options
   */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder with every setting unset.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the loaded index keeps its float vectors, when not as saved. {@link
   * VectorStorage#MAPPED} needs an index saved with {@link Quantization#INT8}.
   *
   * @return the storage, or empty for the saved one
   */
  public Optional<VectorStorage> vectorStorage() {
    return Optional.ofNullable(vectorStorage);
  }

  /**
   * The directory of a {@link VectorStorage#MAPPED} index's mapped file (and of the file of a
   * compaction of it), when not beside the saved file.
   *
   * @return the directory, or empty for the saved file's
   */
  public Optional<Path> vectorDirectory() {
    return Optional.ofNullable(vectorDirectory);
  }

  /**
   * Threads per search ({@link IndexConfig#searchThreads()}), when set.
   *
   * @return the count (0 for all cores), or empty for the default, 1
   */
  public OptionalInt searchThreads() {
    return searchThreads < 0 ? OptionalInt.empty() : OptionalInt.of(searchThreads);
  }

  /**
   * Whether every setting is unset, as {@link #defaults()}.
   *
   * @return true if loading with these options is loading as saved
   */
  public boolean isDefault() {
    return vectorStorage == null && vectorDirectory == null && searchThreads < 0;
  }

  @Override
  public String toString() {
    return "LoadOptions{vectorStorage=" + (vectorStorage == null ? "as saved" : vectorStorage)
        + ", vectorDirectory=" + (vectorDirectory == null ? "beside the file" : vectorDirectory)
        + ", searchThreads=" + (searchThreads < 0 ? "default" : searchThreads) + "}";
  }

  /** Builds {@link LoadOptions}; reusable. */
  public static final class Builder {
    private VectorStorage vectorStorage;
    private Path vectorDirectory;
    private int searchThreads = -1;

    private Builder() {}

    /**
     * Where the index keeps its float vectors once loaded.
     *
     * @param vectorStorage {@link VectorStorage#HEAP} or {@link VectorStorage#MAPPED}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder vectorStorage(VectorStorage vectorStorage) {
      this.vectorStorage = Objects.requireNonNull(vectorStorage, "vectorStorage");
      return this;
    }

    /**
     * The directory of the mapped file of a {@link VectorStorage#MAPPED} index.
     *
     * @param vectorDirectory an existing directory
     * @return this builder
     * @throws IllegalArgumentException if it is not an existing directory
     */
    public Builder vectorDirectory(Path vectorDirectory) {
      if (!Files.isDirectory(Objects.requireNonNull(vectorDirectory, "vectorDirectory"))) {
        throw new IllegalArgumentException("vectorDirectory must be an existing directory; "
            + "vectorDirectory=" + vectorDirectory);
      }
      this.vectorDirectory = vectorDirectory;
      return this;
    }

    /**
     * Threads per search, as {@link IndexConfig.Builder#searchThreads}.
     *
     * @param searchThreads threads per search, 0 for all cores
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder searchThreads(int searchThreads) {
      this.searchThreads = IndexConfig.Builder.checkSearchThreads(searchThreads);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public LoadOptions build() {
      return new LoadOptions(this);
    }
  }
}
