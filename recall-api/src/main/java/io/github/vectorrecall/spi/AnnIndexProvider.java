package io.github.vectorrecall.spi;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import java.nio.file.Path;

/**
 * Makes {@link AnnIndex} instances; registered in {@code
 * META-INF/services/io.github.vectorrecall.spi.AnnIndexProvider}.
 */
public interface AnnIndexProvider extends NamedProvider {

  /**
   * Prefix of the format name ({@link io.github.vectorrecall.io.ChecksummedFile codec}) of saved
   * indexes; the provider name follows it, so {@link AnnIndex#load(Path)} can pick the provider.
   */
  String CODEC_PREFIX = "AnnIndex:";

  /**
   * Creates an empty index.
   *
   * @param config settings
   * @return the index; the caller closes it
   */
  AnnIndex create(IndexConfig config);

  /**
   * Loads an index this provider saved.
   *
   * @param path the file
   * @return the index; the caller closes it
   */
  AnnIndex load(Path path);
}
