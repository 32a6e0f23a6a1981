package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.LoadOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Provides {@link ShardedAnnIndex} under the name {@value ShardedAnnIndex#NAME}: it loads a
 * {@link ShardManifest} (which {@link AnnIndex#load(Path)} recognises by its format name) and
 * cannot create an empty index, since a sharded index is read-only.
 */
public final class ShardedIndexProvider implements AnnIndexProvider {
  @Override
  public String name() {
    return ShardedAnnIndex.NAME;
  }

  /** Lowest priority: never chosen when no provider is named (it cannot create an index). */
  @Override
  public int priority() {
    return -1000;
  }

  /**
   * Always throws: build shards with any provider and join them with {@link
   * ShardedAnnIndex#write}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public AnnIndex create(IndexConfig config) {
    Objects.requireNonNull(config, "config");
    throw new UnsupportedOperationException("the sharded provider cannot create an empty index: "
        + "build shards with another provider (hnsw, exact) and join them with "
        + "ShardedAnnIndex.write or recall-spark's ShardedIndexBuildJob");
  }

  @Override
  public AnnIndex load(Path path) {
    return load(path, LoadOptions.defaults());
  }

  /** Opens every shard with the options (each shard's provider honours or refuses them). */
  @Override
  public AnnIndex load(Path path, LoadOptions options) {
    return ShardedAnnIndex.open(Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(options, "options"));
  }
}
