package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.Objects;

/** Provides {@link VoyagerAnnIndex} under the name {@value VoyagerAnnIndex#NAME}. */
public final class VoyagerIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return VoyagerAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 5;
  }

  @Override
  public AnnIndex create(IndexConfig config) {
    return new VoyagerAnnIndex(Objects.requireNonNull(config, "config"));
  }

  @Override
  public AnnIndex load(Path path) {
    return VoyagerAnnIndex.load(Objects.requireNonNull(path, "path"));
  }
}
