package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.IndexConfig;

/** The thread-count rule of the settings: a positive count as given, 0 for all cores. */
public final class Threads {
  private Threads() {}

  /**
   * Threads for bulk adds.
   *
   * @param config the settings
   * @return {@link IndexConfig#buildThreads()}, or the number of cores when it is 0
   */
  public static int build(IndexConfig config) {
    return resolve(config.buildThreads());
  }

  /**
   * Threads per exact search.
   *
   * @param config the settings
   * @return {@link IndexConfig#searchThreads()}, or the number of cores when it is 0
   */
  public static int search(IndexConfig config) {
    return resolve(config.searchThreads());
  }

  private static int resolve(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}
