package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.LoadOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Provider {@code hnsw}: the project's own {@link HnswAnnIndex}, the default (highest priority):
 * on the reference data it reaches the same recall as hnswlib-java at about half its latency and
 * builds 2.5 times faster (BENCHMARKS.md, {@code recall-bench/reference-run.sh}).
 */
public final class HnswIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return HnswAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public AnnIndex create(IndexConfig config) {
    return new HnswAnnIndex(Objects.requireNonNull(config, "config"));
  }

  @Override
  public AnnIndex load(Path path) {
    return load(path, LoadOptions.defaults());
  }

  /** Honours every option: the vector storage either way, its directory, search threads. */
  @Override
  public AnnIndex load(Path path, LoadOptions options) {
    return HnswAnnIndex.load(Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(options, "options"));
  }
}
