package io.github.vectorrecall.spi;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.io.ChecksummedFile;
import java.nio.file.Path;

/**
 * Loads saved {@link Encoder}s; registered in {@code
 * META-INF/services/io.github.vectorrecall.spi.EncoderProvider}. A model directory holds {@link
 * #MODEL_FILE}, a {@link ChecksummedFile} whose format name is {@link #CODEC_PREFIX} followed by
 * the model kind.
 */
public interface EncoderProvider extends NamedProvider {

  /** The file inside a model directory that holds configuration, id mappings and weights. */
  String MODEL_FILE = "model.bin";

  /** Prefix of the format name of {@link #MODEL_FILE}; the model kind follows it. */
  String CODEC_PREFIX = "Encoder:";

  /**
   * Loads a saved model.
   *
   * @param directory the model directory
   * @return the encoder; the caller closes it
   */
  Encoder load(Path directory);

  /**
   * The model kind recorded in a model directory, which is the name of the provider that wrote
   * it. The model file's checksum is verified first (a pass over the file), so the name is never
   * a damaged one.
   *
   * @param directory a model directory
   * @return the provider name
   * @throws CorruptFileException if the file is damaged or is not a saved model
   */
  static String readProviderName(Path directory) {
    Path file = directory.resolve(MODEL_FILE);
    ChecksummedFile.verify(file);
    String codec = ChecksummedFile.readCodec(file);
    if (!codec.startsWith(CODEC_PREFIX)) {
      throw new CorruptFileException(
          file, "not a model file: its format is " + ChecksummedFile.quote(codec));
    }
    return codec.substring(CODEC_PREFIX.length());
  }
}
