package io.github.vectorrecall.model.internal;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallIOException;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Contents of {@code model.bin}: layout, vocabularies and weights of a two-tower model.
 *
 * @param spec layout
 * @param featurizer vocabularies
 * @param weights parameters
 */
public record ModelFile(ModelSpec spec, Featurizer featurizer, List<NamedTensor> weights) {
  /** Model kind, which is also the encoder provider name. */
  public static final String KIND = "torch";
  /** Format name. */
  public static final String CODEC = EncoderProvider.CODEC_PREFIX + KIND;
  /** Current format version. */
  public static final int VERSION = 2;

  /**
   * Writes {@code model.bin} into a directory.
   *
   * @param directory the model directory, which must exist
   */
  public void write(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new RecallIOException(
          "Cannot create model directory " + directory, e);
    }
    ChecksummedFile.write(directory.resolve(EncoderProvider.MODEL_FILE), CODEC, VERSION, out -> {
      int[] s = specInts(spec);
      out.writeInt(s.length);
      for (int v : s) {
        out.writeInt(v);
      }
      featurizer.write(out);
      out.writeInt(weights.size());
      for (NamedTensor t : weights) {
        out.writeUTF(t.name());
        out.writeInt(t.shape().length);
        for (long d : t.shape()) {
          out.writeLong(d);
        }
        ChecksummedFile.writeFloats(out, t.data(), 0, t.data().length);
      }
    });
  }

  /**
   * Reads {@code model.bin} from a directory.
   *
   * @param directory the model directory
   * @return the contents
   * @throws CorruptFileException if damaged
   */
  public static ModelFile read(Path directory) {
    Path path = directory.resolve(EncoderProvider.MODEL_FILE);
    return ChecksummedFile.read(path, CODEC, 1, VERSION, (in, v) -> readBody(path, in, v));
  }

  private static ModelFile readBody(Path path, DataInputStream in, int version)
      throws IOException {
    int n = ChecksummedFile.readCount(path, in, "spec length", 64);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = ChecksummedFile.readCount(path, in, "spec value", Integer.MAX_VALUE);
    }
    // Version 1 had no pooling field: it always pooled by the mean.
    int expected = version == 1 ? 14 : 15;
    if (n != expected) {
      throw new CorruptFileException(path, "model layout has " + n + " values, expected "
          + expected);
    }
    Pooling pooling;
    try {
      pooling = version == 1 ? Pooling.MEAN : Pooling.ofCode(s[14]);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(path, "unknown pooling " + s[14], e);
    }
    ModelSpec spec = new ModelSpec(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9],
        s[10], s[11], s[12], s[13], pooling);
    Featurizer featurizer = Featurizer.read(path, in);
    int count = ChecksummedFile.readCount(path, in, "tensor count", 1024);
    List<NamedTensor> weights = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      int rank = ChecksummedFile.readCount(path, in, "rank of " + name, 8);
      long[] shape = new long[rank];
      long cells = 1;
      for (int r = 0; r < rank; r++) {
        shape[r] = in.readLong();
        if (shape[r] < 0 || shape[r] > Integer.MAX_VALUE) {
          throw new CorruptFileException(path, "tensor " + name + " has dimension " + shape[r]);
        }
        cells *= shape[r];
        if (cells > Integer.MAX_VALUE - 8) {
          throw new CorruptFileException(path, "tensor " + name + " is too large: " + cells);
        }
      }
      float[] data = new float[(int) cells];
      ChecksummedFile.readFloats(in, data, 0, data.length);
      weights.add(new NamedTensor(name, shape, data));
    }
    return new ModelFile(spec, featurizer, weights);
  }

  private static int[] specInts(ModelSpec s) {
    return new int[] {s.dimension(), s.embeddingDimension(), s.hiddenDimension(), s.maxHistory(),
        s.maxTags(), s.userRows(), s.itemRows(), s.userCatFields(), s.userCatRows(),
        s.userDenseFields(), s.itemCatFields(), s.itemCatRows(), s.tagRows(),
        s.itemDenseFields(), s.pooling().code()};
  }
}
