package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.LoadOptions;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.VectorStorage;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file format of the {@code hnsw} index, version 3, in a {@link ChecksummedFile}: the
 * {@link IndexFile.Header}, the seed, (since version 3) the {@link VectorStorage}, the node count, the entry point and top level, then per
 * node its id, removal mark, level, vector and neighbour lists (level 0 up, each a count and the
 * neighbours); then (since version 2) the quantization setting and, when the quantizer has been
 * fitted, the quantizer, from which loading remakes the int8 codes. The graph is stored as it
 * is, so loading does not rebuild it. Versions 1 (no quantization) and 2 (no vector storage,
 * which is then the heap) are read too.
 *
 * <p>A {@link VectorStorage#MAPPED} index loads its vectors into a new mapped temporary file
 * beside the saved one ({@code <name>.floats-<digits>.f32}), streaming them from the file, so
 * the floats never pass through the heap; the saved file cannot be mapped itself, as its vectors
 * lie between the neighbour lists and are covered by its checksum.
 */
public final class HnswGraphFile {
  /** The format name. */
  public static final String CODEC = AnnIndexProvider.CODEC_PREFIX + "hnsw";
  /** The format version. */
  public static final int VERSION = 3;

  private HnswGraphFile() {}

  /**
   * What a file holds.
   *
   * @param config the settings it was built with
   * @param graph the graph
   * @param ordinals the node of each live id
   */
  public record Contents(IndexConfig config, HnswGraph graph, IdOrdinalMap ordinals) {}

  /**
   * Writes a graph.
   *
   * @param path target
   * @param config the index's settings
   * @param graph the graph
   */
  public static void write(Path path, IndexConfig config, HnswGraph graph) {
    ChecksummedFile.write(path, CODEC, VERSION, out -> writeBody(out, config, graph));
  }

  private static void writeBody(DataOutputStream out, IndexConfig config, HnswGraph g)
      throws IOException {
    IndexFile.Header.of(config).write(out);
    out.writeLong(config.seed());
    out.writeByte(config.vectorStorage().ordinal());
    int count = g.count;
    out.writeInt(count);
    out.writeInt(g.entry);
    out.writeInt(g.maxLevel);
    float[] vector = new float[g.dimension];
    for (int node = 0; node < count; node++) {
      out.writeLong(g.ids[node]);
      out.writeBoolean(g.deleted[node]);
      out.writeInt(g.levels[node]);
      g.vectors.get(node, vector, 0);
      ChecksummedFile.writeFloats(out, vector, 0, g.dimension);
      for (int lev = 0; lev <= g.levels[node]; lev++) {
        int[] list = g.list(node, lev);
        int off = g.offset(node, lev);
        out.writeInt(list[off]);
        for (int i = 0; i < list[off]; i++) {
          out.writeInt(list[off + 1 + i]);
        }
      }
    }
    out.writeByte(config.quantization().ordinal());
    QuantizedVectors qv = g.quantized();
    out.writeBoolean(qv != null);
    if (qv != null) {
      qv.quantizer().write(out);
    }
  }

  /**
   * Reads and checks a file.
   *
   * @param path the file
   * @return its contents
   * @throws CorruptFileException if damaged
   */
  public static Contents read(Path path) {
    return read(path, LoadOptions.defaults());
  }

  /**
   * Reads an index, with the settings of the running index its file does not fix: the vector
   * storage (an int8 index saved with its floats on the heap can load them into a mapped file,
   * and the other way round), the mapped file's directory and the threads per search.
   *
   * @param path the file
   * @param options how to open it
   * @return what it holds
   * @throws CorruptFileException if the file is damaged
   * @throws IllegalArgumentException if {@link VectorStorage#MAPPED} is asked of an index saved
   *     without int8 quantization
   */
  public static Contents read(Path path, LoadOptions options) {
    return ChecksummedFile.read(path, CODEC, 1, VERSION,
        (in, v) -> readBody(path, in, v, options));
  }

  private static Contents readBody(Path path, DataInputStream in, int version,
      LoadOptions options) throws IOException {
    IndexFile.Header h = IndexFile.Header.read(path, in);
    long seed = in.readLong();
    VectorStorage storage = VectorStorage.HEAP;
    if (version >= 3) {
      int st = in.readUnsignedByte();
      if (st >= VectorStorage.values().length) {
        throw new CorruptFileException(path, "unknown vector storage " + st);
      }
      storage = VectorStorage.values()[st];
    }
    int count = ChecksummedFile.readCount(path, in, "node count", Integer.MAX_VALUE / 2);
    if (h.dimension() < 1 || h.m() < 2 || h.efConstruction() < 1 || h.efSearch() < 1) {
      throw new CorruptFileException(path, "bad index settings: dimension " + h.dimension()
          + ", M " + h.m() + ", efConstruction " + h.efConstruction() + ", efSearch "
          + h.efSearch());
    }
    int entry = in.readInt();
    int maxLevel = in.readInt();
    if (entry < -1 || entry >= count || maxLevel < -1 || maxLevel > HnswGraph.MAX_LEVEL
        || (entry < 0) != (count == 0)) {
      throw new CorruptFileException(path, "bad entry point " + entry + " at level " + maxLevel);
    }
    VectorStorage saved = storage;
    storage = options.vectorStorage().orElse(saved);
    IndexConfig.Builder config = h.configBuilder().expectedSize(Math.max(16, count)).seed(seed)
        .vectorStorage(storage);
    options.searchThreads().ifPresent(config::searchThreads);
    options.vectorDirectory().ifPresent(config::vectorDirectory);
    Path directory = options.vectorDirectory().orElse(path.toAbsolutePath().getParent());
    MappedFloats mapped = storage == VectorStorage.MAPPED
        ? MappedFloats.create(directory, path.getFileName() + ".floats-", h.dimension(),
            MappedFloats.DEFAULT_CHUNK_BYTES)
        : null;
    HnswGraph g = new HnswGraph(h.dimension(), h.m(), Math.max(16, count), mapped);
    try {
      return readGraph(path, in, version, h, config, g, count, entry, maxLevel,
          saved != storage);
    } catch (IOException | RuntimeException | Error e) {
      g.closeVectors();
      throw e;
    }
  }

  private static Contents readGraph(Path path, DataInputStream in, int version,
      IndexFile.Header h, IndexConfig.Builder config, HnswGraph g, int count, int entry,
      int maxLevel, boolean storageAsked) throws IOException {
    IdOrdinalMap ordinals = new IdOrdinalMap(Math.max(16, count));
    for (int node = 0; node < count; node++) {
      readNode(path, in, g, node, count);
      if (!g.deleted[node] && ordinals.put(g.ids[node], node) != IdOrdinalMap.ABSENT) {
        throw new CorruptFileException(path, "duplicate id " + g.ids[node]);
      }
    }
    g.restore(count, ordinals.size(), entry, maxLevel);
    if (entry >= 0 && g.levels[entry] != maxLevel) {
      throw new CorruptFileException(path, "entry point " + entry + " is not on level " + maxLevel);
    }
    Quantization quantization = Quantization.NONE;
    if (version >= 2) {
      int q = in.readUnsignedByte();
      if (q >= Quantization.values().length) {
        throw new CorruptFileException(path, "unknown quantization " + q);
      }
      quantization = Quantization.values()[q];
      config.quantization(quantization);
      if (in.readBoolean()) {
        ScalarQuantizer quantizer = ScalarQuantizer.read(path, in);
        if (quantizer.dimension() != h.dimension()) {
          throw new CorruptFileException(path, "quantizer of dimension " + quantizer.dimension()
              + " in an index of dimension " + h.dimension());
        }
        g.quantize(quantizer, h.metric());
      }
    }
    if (g.mapped() && quantization != Quantization.INT8) {
      if (storageAsked) {
        throw new IllegalArgumentException("vector storage MAPPED needs an index quantized to "
            + "INT8; " + path + " was saved with quantization " + quantization);
      }
      throw new CorruptFileException(path, "mapped vector storage without int8 quantization");
    }
    if (in.read() != -1) { // checked again by ChecksummedFile, after which a mapped file leaks
      throw new CorruptFileException(path, "the body has unread bytes at its end");
    }
    return new Contents(config.build(), g, ordinals);
  }

  private static void readNode(Path path, DataInputStream in, HnswGraph g, int node, int count)
      throws IOException {
    g.ids[node] = in.readLong();
    g.deleted[node] = in.readBoolean();
    int level = in.readInt();
    if (level < 0 || level > HnswGraph.MAX_LEVEL) {
      throw new CorruptFileException(path, "node " + node + " has level " + level);
    }
    g.levels[node] = level;
    g.upper[node] = level == 0 ? null : new int[level * (g.maxM + 1)];
    float[] vector = new float[g.dimension];
    ChecksummedFile.readFloats(in, vector, 0, g.dimension);
    g.vectors.set(node, vector, 0);
    for (int lev = 0; lev <= level; lev++) {
      int cap = lev == 0 ? g.maxM0 : g.maxM;
      int n = ChecksummedFile.readCount(path, in, "neighbour count", cap);
      int[] list = g.list(node, lev);
      int off = g.offset(node, lev);
      list[off] = n;
      for (int i = 0; i < n; i++) {
        int nb = in.readInt();
        if (nb < 0 || nb >= count) {
          throw new CorruptFileException(path, "node " + node + " links to " + nb
              + ", beyond " + count + " nodes");
        }
        list[off + 1 + i] = nb;
      }
    }
  }
}
