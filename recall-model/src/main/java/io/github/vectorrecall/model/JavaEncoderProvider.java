package io.github.vectorrecall.model;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.spi.EncoderProvider;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Provider {@code java}: serves a model trained with the {@code torch} provider through
 * {@link JavaTwoTowerEncoder}, in plain Java, without PyTorch's native library. Choose it by name:
 * {@code Encoder.load("java", dir)}.
 */
public final class JavaEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return JavaTwoTowerEncoder.NAME;
  }

  @Override
  public Encoder load(Path directory) {
    return JavaTwoTowerEncoder.load(Objects.requireNonNull(directory, "directory"));
  }
}
