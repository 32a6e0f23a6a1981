package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.hnsw.internal.Classpath;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.nio.file.Path;
import java.util.Objects;

/** Provides {@link VoyagerAnnIndex} under the name {@value VoyagerAnnIndex#NAME}. */
public final class VoyagerIndexProvider implements AnnIndexProvider {
  /** A class of the library, looked up by {@link #isAvailable()}. */
  static final String LIBRARY_CLASS = "com.spotify.voyager.jni.Index";

  @Override
  public String name() {
    return VoyagerAnnIndex.NAME;
  }

  @Override
  public int priority() {
    return 5;
  }

  /**
   * Whether Voyager ({@code com.spotify:voyager}) is on the class path, an optional dependency of recall-hnsw;
   * the library is looked up, not loaded.
   */
  @Override
  public boolean isAvailable() {
    return Classpath.has(LIBRARY_CLASS, VoyagerIndexProvider.class.getClassLoader());
  }

  @Override
  public String unavailableReason() {
    return "add com.spotify:voyager to the class path"
        + " (an optional dependency of recall-hnsw)";
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
