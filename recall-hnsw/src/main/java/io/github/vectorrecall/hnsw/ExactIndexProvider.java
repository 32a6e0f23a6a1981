package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
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
    return ExactAnnIndex.load(Objects.requireNonNull(path, "path"));
  }
}
