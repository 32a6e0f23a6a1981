package io.github.vectorrecall;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings of a new {@link AnnIndex}. Immutable; made with {@link #builder(int)}. Graph settings
 * are ignored by exact indexes; provider-specific settings go in {@link #options()}.
 */
public final class IndexConfig {
  /** Default graph degree (neighbours per node on upper levels; twice this on level 0). */
  public static final int DEFAULT_M = 16;
  /** Default candidate list size while building. */
  public static final int DEFAULT_EF_CONSTRUCTION = 200;
  /** Default candidate list size while searching. */
  public static final int DEFAULT_EF_SEARCH = 100;
  /** Default initial capacity; indexes grow past it. */
  public static final int DEFAULT_EXPECTED_SIZE = 1024;
  /** Default random seed for level assignment. */
  public static final long DEFAULT_SEED = 42L;

  private final int dimension;
  private final Metric metric;
  private final int m;
  private final int efConstruction;
  private final int efSearch;
  private final int expectedSize;
  private final int buildThreads;
  private final int searchThreads;
  private final long seed;
  private final Quantization quantization;
  private final VectorStorage vectorStorage;
  private final Path vectorDirectory;
  private final Map<String, String> options;

  private IndexConfig(Builder b) {
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.m = b.m;
    this.efConstruction = b.efConstruction;
    this.efSearch = b.efSearch;
    this.expectedSize = b.expectedSize;
    this.buildThreads = b.buildThreads;
    this.searchThreads = b.searchThreads;
    this.seed = b.seed;
    this.quantization = b.quantization;
    this.vectorStorage = b.vectorStorage;
    this.vectorDirectory = b.vectorDirectory;
    this.options = Map.copyOf(new TreeMap<>(b.options));
  }

  /**
   * Starts a builder.
   *
   * @param dimension vector length
   * @return a new builder with the defaults and {@link Metric#INNER_PRODUCT}
   * @throws IllegalArgumentException if the dimension is not positive
   */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /**
   * A builder that starts from every setting of this configuration, options included; change
   * what differs and build. This configuration is not changed.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(dimension)
        .metric(metric)
        .m(m)
        .efConstruction(efConstruction)
        .efSearch(efSearch)
        .expectedSize(expectedSize)
        .buildThreads(buildThreads)
        .searchThreads(searchThreads)
        .seed(seed)
        .quantization(quantization)
        .vectorStorage(vectorStorage)
        .vectorDirectory(vectorDirectory);
    b.options.putAll(options);
    return b;
  }

  /** @return vector length */
  public int dimension() {
    return dimension;
  }

  /** @return how vectors are compared */
  public Metric metric() {
    return metric;
  }

  /** @return graph degree */
  public int m() {
    return m;
  }

  /** @return candidate list size while building */
  public int efConstruction() {
    return efConstruction;
  }

  /** @return default candidate list size while searching */
  public int efSearch() {
    return efSearch;
  }

  /** @return initial capacity */
  public int expectedSize() {
    return expectedSize;
  }

  /** @return threads for {@link AnnIndex#addAll}, 0 for all cores */
  public int buildThreads() {
    return buildThreads;
  }

  /**
   * Threads one search of an exact index splits its scan across (graph indexes search on the
   * calling thread only).
   *
   * @return threads per exact search, 0 for all cores; 1 by default
   */
  public int searchThreads() {
    return searchThreads;
  }

  /** @return seed for level assignment */
  public long seed() {
    return seed;
  }

  /** @return whether the index keeps int8 codes of its vectors (see {@link Quantization}) */
  public Quantization quantization() {
    return quantization;
  }

  /** @return where the index keeps its float vectors (see {@link VectorStorage}) */
  public VectorStorage vectorStorage() {
    return vectorStorage;
  }

  /**
   * The directory of the mapped file of a {@link VectorStorage#MAPPED} index being built.
   *
   * @return the directory, or null for the system temporary directory
   */
  public Path vectorDirectory() {
    return vectorDirectory;
  }

  /** @return provider-specific options */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public String toString() {
    return "IndexConfig{dimension=" + dimension + ", metric=" + metric + ", m=" + m
        + ", efConstruction=" + efConstruction + ", efSearch=" + efSearch + ", expectedSize="
        + expectedSize + ", buildThreads=" + buildThreads + ", searchThreads=" + searchThreads
        + ", seed=" + seed + ", quantization=" + quantization + ", vectorStorage="
        + vectorStorage + (vectorDirectory == null ? "" : ", vectorDirectory=" + vectorDirectory)
        + ", options=" + options + "}";
  }

  /** Builds an {@link IndexConfig}; every setter checks its argument. */
  public static final class Builder {
    private final int dimension;
    private Metric metric = Metric.INNER_PRODUCT;
    private int m = DEFAULT_M;
    private int efConstruction = DEFAULT_EF_CONSTRUCTION;
    private int efSearch = DEFAULT_EF_SEARCH;
    private int expectedSize = DEFAULT_EXPECTED_SIZE;
    private int buildThreads;
    private int searchThreads = 1;
    private long seed = DEFAULT_SEED;
    private Quantization quantization = Quantization.NONE;
    private VectorStorage vectorStorage = VectorStorage.HEAP;
    private Path vectorDirectory;
    private final Map<String, String> options = new TreeMap<>();

    private Builder(int dimension) {
      this.dimension = positive("dimension", dimension);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive; " + name + "=" + value);
      }
      return value;
    }

    /**
     * @param metric how vectors are compared
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder metric(Metric metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * @param m graph degree, at least 2
     * @return this builder
     * @throws IllegalArgumentException if below 2
     */
    public Builder m(int m) {
      if (m < 2) {
        throw new IllegalArgumentException("m must be at least 2; m=" + m);
      }
      this.m = m;
      return this;
    }

    /**
     * @param efConstruction candidate list size while building
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder efConstruction(int efConstruction) {
      this.efConstruction = positive("efConstruction", efConstruction);
      return this;
    }

    /**
     * @param efSearch default candidate list size while searching
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder efSearch(int efSearch) {
      this.efSearch = positive("efSearch", efSearch);
      return this;
    }

    /**
     * @param expectedSize initial capacity; the index grows past it
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder expectedSize(int expectedSize) {
      this.expectedSize = positive("expectedSize", expectedSize);
      return this;
    }

    /**
     * @param buildThreads threads for bulk adds, 0 for all cores
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder buildThreads(int buildThreads) {
      if (buildThreads < 0) {
        throw new IllegalArgumentException("buildThreads must be >= 0; buildThreads=" + buildThreads);
      }
      this.buildThreads = buildThreads;
      return this;
    }

    /**
     * Splits each search of an exact index across threads: worth it for one query over a large
     * catalog when cores are idle, not when many searches already run at once. A search's
     * {@link IdFilter} is then called from several threads at once, so it must be thread-safe
     * (the filters {@code IdFilter} makes are).
     *
     * @param searchThreads threads per exact search, 0 for all cores (default 1)
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder searchThreads(int searchThreads) {
      this.searchThreads = checkSearchThreads(searchThreads);
      return this;
    }

    /** The threads-per-search setting, checked: here and in {@link LoadOptions}. */
    static int checkSearchThreads(int searchThreads) {
      if (searchThreads < 0) {
        throw new IllegalArgumentException(
            "searchThreads must be >= 0; searchThreads=" + searchThreads);
      }
      return searchThreads;
    }

    /**
     * @param seed seed for level assignment
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether the index keeps int8 codes of its vectors beside the floats, for the int8 search
     * modes ({@link SearchMode#EXACT_INT8}, {@link SearchMode#GRAPH_INT8}). Providers that
     * cannot quantise ({@code hnswlib}, {@code voyager}) refuse an {@link Quantization#INT8}
     * configuration when the index is created.
     *
     * @param quantization {@link Quantization#NONE} (the default) or {@link Quantization#INT8}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder quantization(Quantization quantization) {
      this.quantization = Objects.requireNonNull(quantization, "quantization");
      return this;
    }

    /**
     * Where the index keeps its float vectors: on the heap (the default) or, for an index built
     * with {@link Quantization#INT8}, in a memory-mapped file that its int8 searches read only to
     * re-rank (see {@link VectorStorage}). {@link #build()} refuses {@link VectorStorage#MAPPED}
     * without {@link Quantization#INT8}, and providers other than {@code hnsw} refuse it when the
     * index is created.
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
     * The directory in which a {@link VectorStorage#MAPPED} index being built keeps its mapped
     * file (a loaded index keeps it beside its saved file); it must exist when the index is
     * created. Ignored for {@link VectorStorage#HEAP}, and not saved with the index.
     *
     * @param vectorDirectory the directory, or null for the system temporary directory (the
     *     default)
     * @return this builder
     */
    public Builder vectorDirectory(Path vectorDirectory) {
      this.vectorDirectory = vectorDirectory;
      return this;
    }

    /**
     * Sets a provider-specific option.
     *
     * @param name option name
     * @param value option value
     * @return this builder
     * @throws NullPointerException if either is null
     */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the configuration; the builder can be reused.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the vector storage is {@link VectorStorage#MAPPED}
     *     and the quantization is not {@link Quantization#INT8}
     */
    public IndexConfig build() {
      if (vectorStorage == VectorStorage.MAPPED && quantization != Quantization.INT8) {
        throw new IllegalArgumentException("vectorStorage=MAPPED needs quantization=INT8, so that"
            + " searches score int8 codes on the heap and read the mapped floats only to re-rank;"
            + " quantization=" + quantization);
      }
      return new IndexConfig(this);
    }
  }
}
