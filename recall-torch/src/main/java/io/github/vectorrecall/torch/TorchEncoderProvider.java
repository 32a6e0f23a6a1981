package io.github.vectorrecall.torch;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.spi.EncoderProvider;
import io.github.vectorrecall.torch.internal.TorchTwoTowerEncoder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads two-tower models saved by {@link TorchTwoTowerEncoder} under the name {@value
 * ModelFile#KIND}. PyTorch is loaded on first use, not when the provider is found.
 */
public final class TorchEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return ModelFile.KIND;
  }

  @Override
  public boolean isAvailable() {
    try {
      Class.forName("ai.djl.pytorch.engine.PtEngine", false, getClass().getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Override
  public Encoder load(Path directory) {
    return TorchTwoTowerEncoder.load(Objects.requireNonNull(directory, "directory"));
  }
}
