package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.hnsw.internal.Classpath;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.Objects;

/** Provides {@link HnswlibAnnIndex} under the name {@value HnswlibAnnIndex#NAME}. */
public final class HnswlibIndexProvider implements AnnIndexProvider {
  /** A class of the library, looked up by {@link #isAvailable()}. */
  static final String LIBRARY_CLASS = "com.github.jelmerk.hnswlib.core.hnsw.HnswIndex";

  @Override
  public String name() {
    return HnswlibAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * Whether hnswlib-java ({@code com.github.jelmerk:hnswlib-core}) is on the class path, an optional dependency of recall-hnsw;
   * the library is looked up, not loaded.
   */
  @Override
  public boolean isAvailable() {
    return Classpath.has(LIBRARY_CLASS, HnswlibIndexProvider.class.getClassLoader());
  }

  @Override
  public String unavailableReason() {
    return "add com.github.jelmerk:hnswlib-core to the class path"
        + " (an optional dependency of recall-hnsw)";
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
