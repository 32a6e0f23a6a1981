package io.github.vectorrecall.spi;

import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;

/**
 * Makes {@link Trainer}s; registered in {@code
 * META-INF/services/io.github.vectorrecall.spi.TrainerProvider}.
 */
public interface TrainerProvider extends NamedProvider {

  /**
   * Creates a trainer.
   *
   * @param config hyper-parameters
   * @return the trainer; the caller closes it
   */
  Trainer create(TrainerConfig config);
}
