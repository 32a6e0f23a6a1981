package io.github.vectorrecall.spi;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.LoadOptions;
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

  /**
   * Loads an index this provider saved, with settings of the running index its file does not
   * fix. This default honours {@link LoadOptions#defaults()} only and refuses any other option,
   * so that a setting a provider does not know is never silently ignored.
   *
   * @param path the file
   * @param options how to open it
   * @return the index; the caller closes it
   * @throws IllegalArgumentException if this provider cannot honour an option
   */
  default AnnIndex load(Path path, LoadOptions options) {
    if (!options.isDefault()) {
      throw new IllegalArgumentException("index provider '" + name() + "' cannot load " + path
          + " with " + options + "; it loads indexes only as saved");
    }
    return load(path);
  }
}
