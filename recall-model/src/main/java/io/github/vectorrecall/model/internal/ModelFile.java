package io.github.vectorrecall.model.internal;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallIOException;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.spi.EncoderProvider;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Contents of {@code model.bin}: vocabularies and the members of a two-tower model, each with its
 * layout and weights. One member is a plain model; several are an ensemble whose vector is the
 * members' L2-normalised vectors concatenated and scaled by {@code 1/sqrt(E)} ({@link
 * #ensembleScale()}), so it is unit length and its inner product is the mean of the members'
 * scores.
 *
 * <p>Version 3 (written only for an ensemble; a single model is still written as version 2, byte
 * for byte as before) stores the shared layout once, then for each member its pooling code and its
 * weights. Versions 1 and 2 hold one member.
 *
 * @param featurizer vocabularies, shared by all members
 * @param members the members, at least one; their layouts differ in pooling at most
 */
public record ModelFile(Featurizer featurizer, List<Member> members) {
  /** Members of an ensemble at most. */
  public static final int MAX_MEMBERS = 64;
  /** Version of a single model's file. */
  static final int SINGLE_VERSION = 2;

  /**
   * One tower pair of the model.
   *
   * @param spec its layout
   * @param weights its parameters, in parameter order
   */
  public record Member(ModelSpec spec, List<NamedTensor> weights) {
    /**
     * Checks and copies.
     *
     * @throws NullPointerException if an argument is null
     */
    public Member {
      Objects.requireNonNull(spec, "spec");
      weights = List.copyOf(weights);
    }
  }

  /**
   * Checks that there is at least one member and that the members share one layout but for the
   * pooling.
   *
   * @throws IllegalArgumentException if there are no members, too many, or their layouts differ
   * @throws NullPointerException if an argument is null
   */
  public ModelFile {
    Objects.requireNonNull(featurizer, "featurizer");
    members = List.copyOf(members);
    if (members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("a model has 1 to " + MAX_MEMBERS
          + " members; members=" + members.size());
    }
    ModelSpec first = members.get(0).spec();
    for (int m = 1; m < members.size(); m++) {
      ModelSpec s = members.get(m).spec();
      if (!withPooling(s, first.pooling()).equals(first)) {
        throw new IllegalArgumentException("member " + m + " has layout " + s
            + ", member 0 has " + first + "; members may differ in pooling only");
      }
    }
  }

  /**
   * A single model.
   *
   * @param spec layout
   * @param featurizer vocabularies
   * @param weights parameters
   */
  public ModelFile(ModelSpec spec, Featurizer featurizer, List<NamedTensor> weights) {
    this(featurizer, List.of(new Member(spec, weights)));
  }

  /**
   * The layout of the first member (all members share it but for the pooling).
   *
   * @return member 0's layout
   */
  public ModelSpec spec() {
    return members.get(0).spec();
  }

  /**
   * The dimension of the served vectors: each member's dimension times the member count.
   *
   * @return the vector dimension
   */
  public int dimension() {
    return spec().dimension() * members.size();
  }

  /**
   * The factor each member's unit vector is multiplied by in the concatenation: {@code
   * 1/sqrt(E)}, exactly 1 for a single model.
   *
   * @return the scale
   */
  public float ensembleScale() {
    return ensembleScale(members.size());
  }

  /**
   * {@code 1/sqrt(members)} as a float, the same in every encoder.
   *
   * @param members the member count
   * @return the scale
   */
  public static float ensembleScale(int members) {
    return members == 1 ? 1f : (float) (1.0 / Math.sqrt(members));
  }

  /**
   * The same layout with another pooling.
   *
   * @param s a layout
   * @param pooling the pooling
   * @return the layout with that pooling
   */
  public static ModelSpec withPooling(ModelSpec s, Pooling pooling) {
    return new ModelSpec(s.dimension(), s.embeddingDimension(), s.hiddenDimension(),
        s.maxHistory(), s.maxTags(), s.userRows(), s.itemRows(), s.userCatFields(),
        s.userCatRows(), s.userDenseFields(), s.itemCatFields(), s.itemCatRows(), s.tagRows(),
        s.itemDenseFields(), pooling);
  }

  /** Model kind, which is also the encoder provider name. */
  public static final String KIND = "torch";
  /** Format name. */
  public static final String CODEC = EncoderProvider.CODEC_PREFIX + KIND;
  /** Current format version. */
  public static final int VERSION = 3;

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
    boolean single = members.size() == 1;
    ChecksummedFile.write(directory.resolve(EncoderProvider.MODEL_FILE), CODEC,
        single ? SINGLE_VERSION : VERSION, out -> {
          int[] s = specInts(spec());
          out.writeInt(s.length);
          for (int v : s) {
            out.writeInt(v);
          }
          featurizer.write(out);
          if (single) {
            writeTensors(out, members.get(0).weights());
            return;
          }
          out.writeInt(members.size());
          for (Member m : members) {
            out.writeInt(m.spec().pooling().code());
            writeTensors(out, m.weights());
          }
        });
  }

  private static void writeTensors(DataOutputStream out, List<NamedTensor> weights)
      throws IOException {
    out.writeInt(weights.size());
    for (NamedTensor t : weights) {
      out.writeUTF(t.name());
      out.writeInt(t.shape().length);
      for (long d : t.shape()) {
        out.writeLong(d);
      }
      ChecksummedFile.writeFloats(out, t.data(), 0, t.data().length);
    }
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
    Pooling pooling = version == 1 ? Pooling.MEAN : pooling(path, s[14]);
    ModelSpec spec = new ModelSpec(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9],
        s[10], s[11], s[12], s[13], pooling);
    Featurizer featurizer = Featurizer.read(path, in);
    if (version < 3) {
      return new ModelFile(spec, featurizer, readTensors(path, in));
    }
    int count = ChecksummedFile.readCount(path, in, "member count", MAX_MEMBERS);
    if (count < 2) {
      throw new CorruptFileException(path, "an ensemble of " + count + " members");
    }
    List<Member> members = new ArrayList<>(count);
    for (int m = 0; m < count; m++) {
      ModelSpec ms = withPooling(spec, pooling(path, in.readInt()));
      members.add(new Member(ms, readTensors(path, in)));
    }
    if (!members.get(0).spec().equals(spec)) {
      throw new CorruptFileException(path, "member 0 has pooling "
          + members.get(0).spec().pooling() + ", the layout says " + spec.pooling());
    }
    return new ModelFile(featurizer, members);
  }

  private static Pooling pooling(Path path, int code) {
    try {
      return Pooling.ofCode(code);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(path, "unknown pooling " + code, e);
    }
  }

  private static List<NamedTensor> readTensors(Path path, DataInputStream in)
      throws IOException {
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
    return weights;
  }

  private static int[] specInts(ModelSpec s) {
    return new int[] {s.dimension(), s.embeddingDimension(), s.hiddenDimension(), s.maxHistory(),
        s.maxTags(), s.userRows(), s.itemRows(), s.userCatFields(), s.userCatRows(),
        s.userDenseFields(), s.itemCatFields(), s.itemCatRows(), s.tagRows(),
        s.itemDenseFields(), s.pooling().code()};
  }
}
