package io.github.vectorrecall.train;

import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.spi.TrainerProvider;
import java.util.Objects;

/**
 * Provides {@link TwoTowerTrainer} under the name {@value #NAME}. A trainer made here from a
 * {@link TrainerConfig} trains with every two-tower knob at its default; to set them, create the
 * trainer from a {@link TwoTowerConfig}.
 */
public final class TwoTowerTrainerProvider implements TrainerProvider {
  /** Provider name. */
  public static final String NAME = "two-tower";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Trainer create(TrainerConfig config) {
    return new TwoTowerTrainer(
        TwoTowerConfig.builder().common(Objects.requireNonNull(config, "config")).build());
  }
}
