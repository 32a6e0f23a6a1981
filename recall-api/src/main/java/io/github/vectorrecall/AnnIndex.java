package io.github.vectorrecall;

import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.spi.Providers;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * A (possibly approximate) nearest-neighbour index over item vectors, keyed by the caller's
 * {@code long} item ids.
 *
 * <p>Every method is thread-safe: searches may run while items are added, replaced or removed,
 * and each search sees every item whose add returned before the search started. Every entry point
 * checks its arguments: a vector of the wrong dimension, with NaN or infinite components, with a
 * norm its scores would overflow on (see {@link #add}), or a {@code k} that is not positive or
 * exceeds {@link #size()} is rejected with an exception naming the value, and the index is left
 * as it was.
 *
 * <p>Whoever creates or loads an index closes it; close is idempotent and every other call after
 * it throws {@link IllegalStateException}.
 */
public interface AnnIndex extends AutoCloseable {

  /**
   * Name of the provider that made this index, such as "hnswlib" or "exact".
   *
   * @return the provider name
   */
  String provider();

  /**
   * Length of every vector.
   *
   * @return the dimension
   */
  int dimension();

  /**
   * How vectors are compared; scores are higher-is-better (see {@link Metric}).
   *
   * @return the metric
   */
  Metric metric();

  /**
   * Number of items currently searchable.
   *
   * @return the size
   */
  int size();

  /**
   * Whether an item is in the index.
   *
   * @param id item id
   * @return true if present
   */
  boolean contains(long id);

  /**
   * Adds a new item.
   *
   * <p>A vector is bad when its length is not {@link #dimension()}, a component is NaN or
   * infinite, or, for {@link Metric#INNER_PRODUCT} and {@link Metric#L2}, its norm is above
   * {@link io.github.vectorrecall.spi.VectorChecks#MAX_NORM} (2<sup>62</sup>, about 4.6e18):
   * beyond it a dot product or squared distance can overflow a float, and scores become infinite
   * or NaN. Queries meet the same limit. {@link Metric#COSINE} normalises every vector (dividing
   * by its largest component first, so huge and tiny components are safe) and rejects only the
   * zero vector. The same rules hold for {@link #upsert}, {@link #addAll} and searches.
   *
   * @param id item id, not yet present
   * @param vector its vector (copied)
   * @throws IllegalArgumentException if the id is present, or the vector is bad
   */
  void add(long id, float[] vector);

  /**
   * Adds an item, or replaces the vector of one that is present.
   *
   * @param id item id
   * @param vector its vector (copied)
   * @throws IllegalArgumentException if the vector is bad
   */
  void upsert(long id, float[] vector);

  /**
   * Adds many new items; implementations may build in parallel. Checks every vector before adding
   * any.
   *
   * @param ids item ids, none present yet, no duplicates
   * @param vectors one vector per id
   * @throws IllegalArgumentException if the lengths differ, an id is present or repeated, or a
   *     vector is bad (naming its position)
   */
  void addAll(long[] ids, float[][] vectors);

  /**
   * Removes an item; searches started afterwards never return it.
   *
   * @param id item id
   * @return true if it was present
   */
  boolean remove(long id);

  /**
   * The {@code k} best items with the default search effort and no filter.
   *
   * @param query query vector
   * @param k how many results, 1 to {@link #size()}
   * @return the results, best first
   */
  default TopK search(float[] query, int k) {
    return search(query, k, null, 0);
  }

  /**
   * The {@code k} best items that the filter accepts, with the default search effort.
   *
   * @param query query vector
   * @param k how many results, 1 to {@link #size()}
   * @param filter ids to keep, or null for all
   * @return the results, best first
   */
  default TopK search(float[] query, int k, IdFilter filter) {
    return search(query, k, filter, 0);
  }

  /**
   * The {@code k} best items that the filter accepts. The result holds {@code min(k, items
   * passing the filter)} ids: the filter is applied inside the search, not after it, and when few
   * items pass, the index falls back to scanning them exactly.
   *
   * @param query query vector
   * @param k how many results, 1 to {@link #size()}
   * @param filter ids to keep, or null for all
   * @param ef search effort (candidate list size of a graph search); 0 for the index default;
   *     raised to {@code k} when smaller. Exact indexes ignore it
   * @return the results, best first
   * @throws IllegalArgumentException if the query is bad, {@code k <= 0}, {@code k > size()} or
   *     {@code ef < 0}
   */
  TopK search(float[] query, int k, IdFilter filter, int ef);

  /**
   * The search modes this index offers; {@link SearchMode#AUTO} always.
   *
   * @return the modes, an unmodifiable set; the default, for indexes with one way to search, is
   *     {@code AUTO} alone
   */
  default Set<SearchMode> searchModes() {
    return Set.of(SearchMode.AUTO);
  }

  /**
   * The {@code k} best items that the filter accepts, found the way {@code mode} says. {@link
   * SearchMode#AUTO} is {@link #search(float[], int, IdFilter, int)}; a forced mode runs as it
   * is, with no fallback but the one every graph search has (an exact scan of the items that
   * pass a filter when the walk finds fewer than K).
   *
   * @param query query vector
   * @param k how many results, 1 to {@link #size()}
   * @param filter ids to keep, or null for all
   * @param ef search effort of the graph modes; 0 for the index default
   * @param mode how to search, one of {@link #searchModes()}
   * @return the results, best first
   * @throws IllegalArgumentException as {@link #search(float[], int, IdFilter, int)}, or if this
   *     index does not offer {@code mode} (the message lists those it does)
   * @throws NullPointerException if {@code mode} is null
   */
  default TopK search(float[] query, int k, IdFilter filter, int ef, SearchMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (mode != SearchMode.AUTO) {
      throw new IllegalArgumentException("The " + provider() + " index does not offer search mode "
          + mode + "; it offers " + searchModes());
    }
    return search(query, k, filter, ef);
  }

  /**
   * Writes the index to a file in a versioned, checksummed format, through a temporary file
   * renamed into place.
   *
   * @param path target file
   * @throws RecallIOException if writing fails
   */
  void save(Path path);

  /**
   * An estimate of the heap this index holds: vectors, graph, id mappings. Divide by
   * {@link #size()} for bytes per item.
   *
   * @return bytes, or -1 if the provider cannot tell (memory held natively, for instance)
   */
  default long ramBytesUsed() {
    return -1;
  }

  /**
   * Number of removed items that still take room in the index (a graph keeps removed nodes as
   * tombstones that searches walk through but never return, until {@link #compact()}).
   *
   * @return tombstones; the default, for indexes that free removed items at once, is 0
   * @throws IllegalStateException if the index is closed (implementations that track it)
   */
  default int tombstones() {
    return 0;
  }

  /**
   * Figures for monitoring: size, tombstones, and counters of the index's own work.
   *
   * @return a snapshot; the default reports {@link #size()} and {@link #tombstones()} with zero
   *     counters, for indexes that keep none
   * @throws IllegalStateException if the index is closed
   */
  default IndexStats stats() {
    return new IndexStats(size(), tombstones(), 0, 0);
  }

  /**
   * Drops the tombstones now, rebuilding what they held (an index may also do this by itself in
   * the background); searches and changes may go on meanwhile. Afterwards {@link #tombstones()}
   * is 0 unless changes made during the compaction left new ones.
   *
   * <p>The default does nothing: it is for indexes without tombstones.
   *
   * @throws IllegalStateException if the index is closed (implementations that track it)
   */
  default void compact() {}

  /** Releases memory. Idempotent. */
  @Override
  void close();

  /**
   * Creates an empty index with the provider chosen by system property {@value
   * Providers#INDEX_PROPERTY} or by priority.
   *
   * @param config dimension, metric and graph parameters
   * @return the index; the caller closes it
   */
  static AnnIndex create(IndexConfig config) {
    return create(null, config);
  }

  /**
   * Creates an empty index with a named provider.
   *
   * @param provider provider name such as "hnswlib" or "exact", or null to choose by system
   *     property or priority
   * @param config dimension, metric and graph parameters
   * @return the index; the caller closes it
   * @throws IllegalArgumentException if no provider has that name, listing those that exist
   */
  static AnnIndex create(String provider, IndexConfig config) {
    return Providers.select(AnnIndexProvider.class, provider).create(config);
  }

  /**
   * Loads an index saved by {@link #save(Path)}, with the provider that wrote it.
   *
   * @param path the file
   * @return the index; the caller closes it
   * @throws CorruptFileException if the file is truncated, fails its checksum (a damaged header
   *     included) or is not an index
   * @throws IllegalArgumentException if the intact file was written by a provider that is not on
   *     the class path (the message lists those that are)
   * @throws RecallIOException if the file cannot be read
   */
  static AnnIndex load(Path path) {
    return load(path, LoadOptions.defaults());
  }

  /**
   * Loads an index saved by {@link #save(Path)}, with the provider that wrote it, and settings
   * of the running index its file does not fix: for example floats saved on the heap served
   * memory-mapped ({@link LoadOptions#vectorStorage()}), or threads per search.
   *
   * @param path the file
   * @param options how to open it
   * @return the index; the caller closes it
   * @throws CorruptFileException if the file is truncated, fails its checksum (a damaged header
   *     included) or is not an index
   * @throws IllegalArgumentException if the intact file was written by a provider that is not on
   *     the class path, or the provider cannot honour one of the options (the message names it)
   * @throws RecallIOException if the file cannot be read
   */
  static AnnIndex load(Path path, LoadOptions options) {
    Objects.requireNonNull(options, "options");
    return Providers.forFile(AnnIndexProvider.class, path, AnnIndexProvider.CODEC_PREFIX,
        "an index").load(path, options);
  }
}
