package io.github.vectorrecall.torch;

import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.model.EncoderContractTest;
import java.nio.file.Path;

/**
 * The encoder contract for the PyTorch encoder, loaded through {@link Encoder#load(Path)}, which
 * picks provider {@code torch} from the model file.
 */
class TorchEncoderContractTest extends EncoderContractTest {
  @Override
  protected Encoder open(Path modelDirectory) {
    return Encoder.load(modelDirectory);
  }

  @Override
  protected String provider() {
    return "torch";
  }
}
