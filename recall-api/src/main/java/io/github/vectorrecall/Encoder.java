package io.github.vectorrecall;

import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.spi.EncoderProvider;
import io.github.vectorrecall.spi.Providers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A trained two-tower model: turns a user (id, features, behaviour sequence) and an item (id,
 * features) into vectors of the same {@link #dimension()}, compared with {@link #metric()}.
 *
 * <p>Implementations are thread-safe. Whoever creates or loads an encoder closes it; close is
 * idempotent and any other call after it throws {@link IllegalStateException}.
 */
public interface Encoder extends AutoCloseable {

  /**
   * Length of every vector this encoder produces.
   *
   * @return the dimension
   */
  int dimension();

  /**
   * The metric the model was trained for; the index must use the same.
   *
   * @return the metric
   */
  Metric metric();

  /**
   * Encodes one user.
   *
   * @param user id, features and behaviour sequence
   * @return a new vector of length {@link #dimension()}
   */
  float[] encodeUser(UserQuery user);

  /**
   * Encodes many users in one batch (faster than one at a time).
   *
   * @param users the users
   * @return one vector per user, in order
   */
  float[][] encodeUsers(List<UserQuery> users);

  /**
   * Encodes one item. An item id the model has not seen is encoded from its features alone.
   *
   * @param item id and features
   * @return a new vector of length {@link #dimension()}
   */
  float[] encodeItem(ItemFeatures item);

  /**
   * Encodes many items in one batch, as needed to build an index over the catalog.
   *
   * @param items the items
   * @return one vector per item, in order
   */
  float[][] encodeItems(List<ItemFeatures> items);

  /**
   * Saves the model (configuration, id mappings, weights) into a directory, created if needed,
   * so that another process can {@link #load(Path)} it. Each file is written to a temporary file
   * and renamed.
   *
   * @param directory target directory
   * @throws RecallIOException if writing fails
   */
  void save(Path directory);

  /** Releases native memory. Idempotent. */
  @Override
  void close();

  /**
   * Loads a saved model with the provider that wrote it.
   *
   * @param directory a directory written by {@link #save(Path)}
   * @return the encoder; the caller closes it
   * @throws CorruptFileException if the files are damaged (a damaged header included) or of an
   *     unknown format
   * @throws IllegalArgumentException if the intact model names a provider that is not on the
   *     class path (the message lists those that are)
   * @throws RecallIOException if the model file cannot be read
   */
  static Encoder load(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return Providers.forFile(EncoderProvider.class,
        directory.resolve(EncoderProvider.MODEL_FILE), EncoderProvider.CODEC_PREFIX, "a model")
        .load(directory);
  }

  /**
   * Loads a saved model with a named provider, for example {@code "java"} to serve a model the
   * {@code torch} provider trained in plain Java, without PyTorch's native library.
   *
   * @param provider provider name
   * @param directory a directory written by {@link #save(Path)}
   * @return the encoder; the caller closes it
   * @throws CorruptFileException if the files are damaged or of a format the provider cannot read
   * @throws IllegalArgumentException if no provider has that name (the message lists them)
   */
  static Encoder load(String provider, Path directory) {
    return Providers.select(EncoderProvider.class, Objects.requireNonNull(provider,
        "provider")).load(directory);
  }
}
