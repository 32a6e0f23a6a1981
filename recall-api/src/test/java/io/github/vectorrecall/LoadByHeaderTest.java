package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnnIndex#load} and {@link Encoder#load(Path)} choose the provider from the file's
 * header: a damaged header is a damaged file ({@link CorruptFileException}, short message), and
 * only an intact file may say that its provider is missing. No provider is installed in this
 * module, so every intact file names a missing one.
 */
class LoadByHeaderTest {
  @TempDir Path dir;

  private static Path write(Path file, String codec) {
    ChecksummedFile.write(file, codec, 1, out -> out.write(new byte[300]));
    return file;
  }

  private static void flip(Path file, int at, int mask) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= (byte) mask;
    Files.write(file, bytes);
  }

  @Test
  void annIndexLoad_intactFileOfAMissingProvider_namesIt() {
    Path file = write(dir.resolve("index.bin"), "AnnIndex:hnsw");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnIndex.load(file));
    assertTrue(e.getMessage().startsWith("No AnnIndexProvider named 'hnsw'. Available: "),
        e.getMessage());
  }

  @Test
  void annIndexLoad_flippedProviderName_checksumMismatch() throws IOException {
    Path file = write(dir.resolve("index.bin"), "AnnIndex:hnsw");
    flip(file, 4 + 2 + "AnnIndex:hnsw".length() - 1, 0x01); // 'hnsw' becomes 'hnsv'
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
  }

  @Test
  void annIndexLoad_flippedNameLength_shortMessageWithoutBodyBytes() throws IOException {
    Path file = write(dir.resolve("index.bin"), "AnnIndex:hnsw");
    flip(file, 5, 0x80); // the name now runs 128 bytes into the body
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
    flip(file, 4, 0x01); // and now 397 bytes: more than a format name may have
    e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertEquals("format name length 397 is implausible (file: " + file + ")", e.getMessage());
  }

  @Test
  void annIndexLoad_intactModelFile_notAnIndex() {
    Path file = write(dir.resolve("model.bin"), "Encoder:torch");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> AnnIndex.load(file));
    assertEquals("not an index file: its format is 'Encoder:torch' (file: " + file + ")",
        e.getMessage());
  }

  @Test
  void encoderLoad_intactModelOfAMissingProvider_namesIt() {
    write(dir.resolve(EncoderProvider.MODEL_FILE), "Encoder:torch");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Encoder.load(dir));
    assertTrue(e.getMessage().startsWith("No EncoderProvider named 'torch'. Available: "),
        e.getMessage());
    assertEquals("torch", EncoderProvider.readProviderName(dir));
  }

  @Test
  void encoderLoad_flippedProviderName_checksumMismatch() throws IOException {
    Path file = write(dir.resolve(EncoderProvider.MODEL_FILE), "Encoder:torch");
    flip(file, 4 + 2 + "Encoder:torch".length() - 1, 0x0b); // 'torch' becomes 'torcc'
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Encoder.load(dir));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> EncoderProvider.readProviderName(dir));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
  }

  @Test
  void encoderLoad_intactIndexFile_notAModel() {
    Path file = write(dir.resolve(EncoderProvider.MODEL_FILE), "AnnIndex:\u0007" + "z".repeat(50));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Encoder.load(dir));
    assertEquals("not a model file: its format is 'AnnIndex:\\u0007" + "z".repeat(22)
        + "'... (60 characters) (file: " + file + ")", e.getMessage());
  }
}
