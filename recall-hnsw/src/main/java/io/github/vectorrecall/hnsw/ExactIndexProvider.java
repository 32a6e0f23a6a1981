package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.LoadOptions;
import io.github.vectorrecall.VectorStorage;
import java.nio.file.Path;
import java.util.Objects;

/** Provides {@link ExactAnnIndex} under the name {@value ExactAnnIndex#NAME}. */
public final class ExactIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return ExactAnnIndex.NAME;
  }

  /** Lowest priority: chosen only when no graph index is installed. */
  @Override
  public int priority() {
    return -100;
  }

  @Override
  public AnnIndex create(IndexConfig config) {
    return new ExactAnnIndex(Objects.requireNonNull(config, "config"));
  }

  @Override
  public AnnIndex load(Path path) {
    return load(path, LoadOptions.defaults());
  }

  /**
   * Honours the search threads; the vectors stay on the heap, so {@link VectorStorage#MAPPED}
   * is refused.
   */
  @Override
  public AnnIndex load(Path path, LoadOptions options) {
    Objects.requireNonNull(path, "path");
    if (options.vectorStorage().orElse(VectorStorage.HEAP) != VectorStorage.HEAP) {
      throw new IllegalArgumentException("index provider 'exact' keeps its vectors on the heap;"
          + " it cannot load " + path + " with vector storage " + options.vectorStorage().get());
    }
    return ExactAnnIndex.load(path, options);
  }
}
