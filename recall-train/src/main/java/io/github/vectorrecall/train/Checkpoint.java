package io.github.vectorrecall.train;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallException;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.model.internal.NamedTensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's state after a completed epoch, in one checksummed file ({@value #FILE_NAME}) of a
 * checkpoint directory: which fit it belongs to (model selection or the final fit), the epoch,
 * the step count, the weights, AdamW's moments and the early-stopping record. It carries a
 * fingerprint of the configuration and the data, so a checkpoint of other settings or other data
 * is never resumed (it is overwritten, with a warning).
 */
final class Checkpoint {
  /** The file inside the checkpoint directory. */
  static final String FILE_NAME = "training.checkpoint";
  /** Which fit a state belongs to; the file stores the {@link #code()}. */
  enum Phase {
    /** Model selection: training on the data minus each user's held-out item. */
    SELECT(0),
    /** The final fit: all the data, for the selected (or configured) epoch count. */
    FINAL(1);

    private final int code;

    Phase(int code) {
      this.code = code;
    }

    /** @return the number the file stores */
    int code() {
      return code;
    }

    /** @return the phase of a stored number, or null when none has it */
    static Phase ofCode(int code) {
      for (Phase p : values()) {
        if (p.code == code) {
          return p;
        }
      }
      return null;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  private static final String CODEC = "TrainerCheckpoint";
  private static final int VERSION = 1;
  private static final int MAX_TENSORS = 1 << 12;

  /**
   * One saved state.
   *
   * @param phase which fit
   * @param plannedEpochs the epochs this fit was started for
   * @param epoch the last completed epoch
   * @param steps optimiser steps taken (for the learning-rate schedule)
   * @param adamSteps AdamW's update count
   * @param seconds training seconds so far in this fit
   * @param bestHr best validation HR@50 so far (-1 without validation)
   * @param bestEpoch its epoch
   * @param sinceBest epochs since it
   * @param finished whether this fit has ended (early stop or last epoch)
   * @param weights the current weights
   * @param moments AdamW's moments
   * @param best the weights of the best epoch, empty when none is kept
   */
  record State(Phase phase, int plannedEpochs, int epoch, long steps, int adamSteps, double seconds,
      double bestHr, int bestEpoch, int sinceBest, boolean finished, List<NamedTensor> weights,
      List<NamedTensor> moments, List<NamedTensor> best) {}

  private final Path directory;
  private final String fingerprint;

  /**
   * What a checkpoint must match to be resumed: every setting that changes the result (not the
   * thread count or the checkpoint directory), a hash of the interactions, and the model layout
   * the features give (vocabulary sizes, fields), so that changed features start over. The
   * layout keeps the form it had when the pooling was stored as its number, so checkpoints of
   * earlier versions still resume.
   *
   * @param config the settings
   * @param data the training data
   * @param spec the model layout
   * @return the fingerprint
   */
  static String fingerprint(TwoTowerConfig config, Dataset data, ModelSpec spec) {
    long h = 1125899906842597L;
    for (Interaction i : data.interactions()) {
      h = 31 * (31 * (31 * h + i.userId()) + i.itemId()) + i.timestamp();
    }
    h = 31 * (31 * h + data.users().size()) + data.items().size();
    TwoTowerConfig c = config;
    TrainerConfig g = config.common();
    String layout = spec.toString().replace(", pooling=" + spec.pooling() + "]",
        ", pooling=" + spec.pooling().code() + "]");
    return String.join(",", "dim=" + c.dimension(), "emb=" + c.embeddingDimension(),
        "hidden=" + c.hiddenDimension(), "epochs=" + g.epochs(), "batch=" + g.batchSize(),
        "lr=" + g.learningRate(), "wd=" + c.weightDecay(), "tau=" + c.temperature(),
        "history=" + c.maxHistory(), "seed=" + g.seed(), "pooling=" + c.pooling(),
        "loss=" + c.loss(), "negatives=" + c.negatives(), "sampled=" + c.sampledNegatives(),
        "logq=" + c.logQCorrection(), "patience=" + c.patience(), "refit=" + c.refit(),
        "options=" + g.options(), "interactions=" + data.interactions().size(),
        "data=" + Long.toHexString(h), "layout=" + layout)
        // Per-position training (window 1) keeps the fingerprint it had before windows existed.
        + (c.sequenceWindow() == 1 ? "" : ",window=" + c.sequenceWindow())
        // Without item-id dropout the fingerprint is the one it had before the setting existed.
        + (c.itemIdDropout() == 0f ? "" : ",idDropout=" + c.itemIdDropout())
        // Likewise without weight averaging.
        + (c.weightAveraging() == 0f ? "" : ",averaging=" + c.weightAveraging())
        // A refit that continues the selected model is another training than a fresh one.
        + (c.refit() && c.refitEpochs() > 0 ? ",refitEpochs=" + c.refitEpochs() : "")
        // Lazy user updates: the same training as dense ones up to float rounding, which a
        // resumed run reproduces bit for bit only with the same setting.
        + (c.lazyUserUpdatesApply() ? ",lazyUsers=true" : "");
  }

  /**
   * The checkpoint of one member of an ensemble of {@code members}: a single model's (member 0
   * of 1) is the directory itself with the fingerprint as it was; in an ensemble, member 0 keeps
   * the directory, member m &gt; 0 has its own subdirectory {@code member-m}, and every
   * fingerprint names the ensemble size and the member, so a checkpoint of another size or
   * member is never resumed.
   *
   * @param directory the checkpoint directory
   * @param fingerprint the settings' and data's fingerprint ({@link #fingerprint})
   * @param member the member
   * @param members the ensemble size
   * @return the member's checkpoint
   */
  static Checkpoint ofMember(Path directory, String fingerprint, int member, int members) {
    if (members == 1) {
      return new Checkpoint(directory, fingerprint);
    }
    return new Checkpoint(member == 0 ? directory : directory.resolve("member-" + member),
        fingerprint + ",ensemble=" + members + ",member=" + member);
  }

  Checkpoint(Path directory, String fingerprint) {
    this.directory = directory;
    this.fingerprint = fingerprint;
  }

  Path file() {
    return directory.resolve(FILE_NAME);
  }

  /**
   * The saved state, or null when there is none or it belongs to other settings or data.
   *
   * @return the state or null
   * @throws CorruptFileException if the file is damaged
   */
  State read() {
    return read(false);
  }

  /** For tests: the saved state whatever its fingerprint. */
  State readAnyFingerprint() {
    return read(true);
  }

  private State read(boolean anyFingerprint) {
    Path file = file();
    if (!Files.exists(file)) {
      return null;
    }
    Object[] saved = new Object[1];
    State state = ChecksummedFile.read(file, CODEC, VERSION, VERSION, (in, v) -> {
      String theirs = in.readUTF();
      if (!anyFingerprint && !theirs.equals(fingerprint)) {
        saved[0] = theirs;
        in.transferTo(OutputStream.nullOutputStream());
        return null;
      }
      int code = in.readInt();
      Phase phase = Phase.ofCode(code);
      if (phase == null) {
        throw new CorruptFileException(file, "unknown training phase " + code);
      }
      return new State(phase, in.readInt(), in.readInt(), in.readLong(), in.readInt(),
          in.readDouble(), in.readDouble(), in.readInt(), in.readInt(), in.readBoolean(),
          readTensors(file, in), readTensors(file, in), readTensors(file, in));
    });
    if (state == null) {
      LOG.warn("Checkpoint {} is of other settings or data ({}); training starts over", file,
          saved[0]);
    }
    return state;
  }

  /**
   * Writes the state (to a temporary file, then renamed over the old one).
   *
   * @param s the state
   */
  void write(State s) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new RecallException("cannot create checkpoint directory " + directory, e);
    }
    ChecksummedFile.write(file(), CODEC, VERSION, out -> {
      out.writeUTF(fingerprint);
      out.writeInt(s.phase().code());
      out.writeInt(s.plannedEpochs());
      out.writeInt(s.epoch());
      out.writeLong(s.steps());
      out.writeInt(s.adamSteps());
      out.writeDouble(s.seconds());
      out.writeDouble(s.bestHr());
      out.writeInt(s.bestEpoch());
      out.writeInt(s.sinceBest());
      out.writeBoolean(s.finished());
      writeTensors(out, s.weights());
      writeTensors(out, s.moments());
      writeTensors(out, s.best());
    });
  }

  /** Deletes the file once training has completed. */
  void delete() {
    try {
      Files.deleteIfExists(file());
    } catch (IOException e) {
      LOG.warn("Cannot delete checkpoint {}: {}", file(), e.toString());
    }
  }

  private static void writeTensors(DataOutputStream out, List<NamedTensor> tensors)
      throws IOException {
    out.writeInt(tensors.size());
    for (NamedTensor t : tensors) {
      out.writeUTF(t.name());
      out.writeInt(t.shape().length);
      for (long d : t.shape()) {
        out.writeInt(Math.toIntExact(d));
      }
      ChecksummedFile.writeFloats(out, t.data(), 0, t.data().length);
    }
  }

  private static List<NamedTensor> readTensors(Path file, DataInputStream in) throws IOException {
    int n = ChecksummedFile.readCount(file, in, "tensor count", MAX_TENSORS);
    List<NamedTensor> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      int rank = ChecksummedFile.readCount(file, in, "rank of " + name, 8);
      long[] shape = new long[rank];
      long cells = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = ChecksummedFile.readCount(file, in, "shape of " + name, Integer.MAX_VALUE);
        cells *= shape[d];
      }
      if (cells > Integer.MAX_VALUE - 16) {
        throw new CorruptFileException(file, "tensor " + name + " has " + cells + " cells");
      }
      float[] data = new float[(int) cells];
      ChecksummedFile.readFloats(in, data, 0, data.length);
      out.add(new NamedTensor(name, shape, data));
    }
    return out;
  }
}
