package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.Objects;

/** Provides {@link HnswlibAnnIndex} under the name {@value HnswlibAnnIndex#NAME}. */
public final class HnswlibIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return HnswlibAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public AnnIndex create(IndexConfig config) {
    return new HnswlibAnnIndex(Objects.requireNonNull(config, "config"));
  }

  @Override
  public AnnIndex load(Path path) {
    return HnswlibAnnIndex.load(Objects.requireNonNull(path, "path"));
  }
}
