package io.github.vectorrecall.model;

import io.github.vectorrecall.Encoder;
import java.nio.file.Path;

/** The encoder contract for the plain-Java encoder, loaded through its provider. */
class JavaEncoderContractTest extends EncoderContractTest {
  @Override
  protected Encoder open(Path modelDirectory) {
    return Encoder.load(JavaTwoTowerEncoder.NAME, modelDirectory);
  }

  @Override
  protected String provider() {
    return JavaTwoTowerEncoder.NAME;
  }
}
