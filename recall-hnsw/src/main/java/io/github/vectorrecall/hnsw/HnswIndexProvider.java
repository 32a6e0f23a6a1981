package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Provider {@code hnsw}: the project's own {@link HnswAnnIndex}.
 */
public final class HnswIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return HnswAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 5;
  }

  @Override
  public AnnIndex create(IndexConfig config) {
    return new HnswAnnIndex(Objects.requireNonNull(config, "config"));
  }

  @Override
  public AnnIndex load(Path path) {
    return HnswAnnIndex.load(Objects.requireNonNull(path, "path"));
  }
}
