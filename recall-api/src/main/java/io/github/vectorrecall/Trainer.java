package io.github.vectorrecall;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.spi.Providers;
import io.github.vectorrecall.spi.TrainerProvider;

/**
 * Learns an {@link Encoder} from interactions and features.
 *
 * <pre>{@code
 * try (Trainer trainer = Trainer.create(TrainerConfig.builder().epochs(5).build());
 *     Encoder encoder = trainer.train(dataset, TrainingListener.logging())) {
 *   encoder.save(Path.of("model"));
 * }
 * }</pre>
 *
 * <p>Whoever creates a trainer closes it; the encoders it returns live on and are closed by the
 * caller.
 */
public interface Trainer extends AutoCloseable {

  /**
   * Trains a model.
   *
   * @param data interactions (all of them are training data) and features
   * @param listener receives progress; never null (use {@link TrainingListener#NONE})
   * @return the trained encoder; the caller closes it
   * @throws IllegalArgumentException if the data set has no interactions
   */
  Encoder train(Dataset data, TrainingListener listener);

  /** Releases resources. Idempotent. */
  @Override
  void close();

  /**
   * Creates a trainer with the provider chosen by system property {@value
   * Providers#TRAINER_PROPERTY} or by priority.
   *
   * @param config hyper-parameters
   * @return the trainer; the caller closes it
   */
  static Trainer create(TrainerConfig config) {
    return create(null, config);
  }

  /**
   * Creates a trainer with a named provider.
   *
   * @param provider provider name, or null to choose by system property or priority
   * @param config hyper-parameters
   * @return the trainer; the caller closes it
   * @throws IllegalArgumentException if no provider has that name
   */
  static Trainer create(String provider, TrainerConfig config) {
    return Providers.select(TrainerProvider.class, provider).create(config);
  }
}
