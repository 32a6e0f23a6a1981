package io.github.vectorrecall.hnsw;

import com.spotify.voyager.jni.Index;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallException;
import io.github.vectorrecall.RecallIOException;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.io.TempFiles;
import io.github.vectorrecall.spi.AnnIndexProvider;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The file format of the {@code voyager} index, version 2, in a {@link ChecksummedFile}: the
 * {@link IndexFile.Header}, the live ids, the removed ids (whose slots the graph keeps), then
 * Voyager's own graph file, its length first. The graph goes through a temporary file (next to
 * the target when saving, in the system temporary directory when loading), never through the
 * Java heap. Stale graph temporaries that a killed save or load left (see {@link TempFiles}) are
 * removed by the next save or load. An empty graph is not written (hnswlib cannot load one back):
 * its length is 0, and loading makes a new empty graph, as it does for an empty index saved by
 * an earlier version with the graph in it.
 */
final class VoyagerGraphFile {
  private static final String CODEC = AnnIndexProvider.CODEC_PREFIX + VoyagerAnnIndex.NAME;
  private static final int VERSION = 2;
  private static final String TMP_PREFIX = ".voyager-graph";
  private static final String TMP_SUFFIX = ".tmp";

  private VoyagerGraphFile() {}

  /** What a file holds: the settings, the native graph (the caller frees it) and the ids. */
  record Contents(IndexConfig config, Index graph, Set<Long> live, Set<Long> known) {}

  /** Writes a graph and its ids; the caller holds the index's read lock. */
  static void write(Path path, IndexConfig config, Index graph, Set<Long> live,
      Set<Long> known) {
    // Voyager writes its graph to a file of its own, next to the target; it is then copied
    // into the checksummed file, so the graph never passes through the Java heap.
    Path dir = path.toAbsolutePath().getParent();
    TempFiles.removeStale(dir, TMP_PREFIX, TMP_SUFFIX);
    Path graphFile = null;
    try {
      long graphBytes = 0;
      if (graph.getNumElements() > 0) {
        graphFile = TempFiles.create(dir, TMP_PREFIX, TMP_SUFFIX);
        saveGraph(graph, graphFile);
        graphBytes = Files.size(graphFile);
      }
      Path source = graphFile;
      long length = graphBytes;
      long[] liveIds = live.stream().mapToLong(Long::longValue).toArray();
      long[] removedIds = known.stream().mapToLong(Long::longValue)
          .filter(id -> !live.contains(id)).toArray();
      ChecksummedFile.write(path, CODEC, VERSION, out -> {
        IndexFile.Header.of(config).write(out);
        writeIds(out, liveIds);
        writeIds(out, removedIds);
        out.writeLong(length);
        if (source != null) {
          Files.copy(source, out);
        }
      });
    } catch (IOException e) {
      throw new RecallIOException("Cannot write " + path, e);
    } finally {
      TempFiles.delete(graphFile);
    }
  }

  /** Voyager's own save, whose failures are runtime exceptions from native code. */
  private static void saveGraph(Index graph, Path graphFile) throws IOException {
    try {
      graph.saveIndex(graphFile.toString());
    } catch (RuntimeException e) {
      throw new IOException("voyager cannot write its graph to " + graphFile + ": " + e, e);
    }
  }

  /** Reads a file; the native graph is freed again if the file fails a check. */
  static Contents read(Path path) {
    TempFiles.removeStale(path.toAbsolutePath().getParent(), TMP_PREFIX, TMP_SUFFIX);
    // The file is checked for bytes left after the body once the body has been read: free the
    // native graph if that check fails.
    Index[] loaded = new Index[1];
    try {
      return ChecksummedFile.read(path, CODEC, VERSION, VERSION,
          (in, version) -> readBody(path, in, loaded));
    } catch (RuntimeException e) {
      if (loaded[0] != null) {
        free(loaded[0]);
      }
      throw e;
    }
  }

  private static Contents readBody(Path path, DataInputStream in, Index[] loaded)
      throws IOException {
    IndexFile.Header h = IndexFile.Header.read(path, in);
    int dimension = h.dimension();
    if (dimension == 0 || h.m() < 2 || h.efConstruction() < 1 || h.efSearch() < 1) {
      throw new CorruptFileException(path, "dimension " + dimension + ", M " + h.m()
          + ", efConstruction " + h.efConstruction() + ", efSearch " + h.efSearch());
    }
    Set<Long> live = readIds(path, in, "live id count");
    Set<Long> removed = readIds(path, in, "removed id count");
    long length = in.readLong();
    if (length < 0 || length == 0 && !(live.isEmpty() && removed.isEmpty())) {
      throw new CorruptFileException(path, "graph of " + length + " bytes for "
          + (live.size() + removed.size()) + " ids");
    }
    IndexConfig config = h.configBuilder().expectedSize(Math.max(1, live.size())).build();
    if (live.isEmpty() && removed.isEmpty()) {
      // an empty graph, written by an earlier version, which hnswlib cannot load
      in.skipNBytes(length);
      loaded[0] = VoyagerAnnIndex.newGraph(config);
      return new Contents(config, loaded[0], live, new HashSet<>());
    }
    Index graph;
    TempFiles.removeStale(null, TMP_PREFIX, TMP_SUFFIX);
    Path graphFile = TempFiles.create(null, TMP_PREFIX, TMP_SUFFIX);
    try {
      copy(path, in, length, graphFile);
      graph = Index.load(graphFile.toString(), VoyagerAnnIndex.space(h.metric()), dimension,
          Index.StorageDataType.Float32);
    } catch (RuntimeException e) {
      if (e instanceof CorruptFileException c) {
        throw c;
      }
      throw new CorruptFileException(path, "voyager cannot read its graph: " + e.getMessage(), e);
    } finally {
      TempFiles.delete(graphFile);
    }
    if (graph.getNumElements() != live.size() + removed.size()) {
      long count = graph.getNumElements();
      free(graph);
      throw new CorruptFileException(path, "the graph holds " + count + " items, the id lists "
          + (live.size() + removed.size()));
    }
    loaded[0] = graph;
    Set<Long> known = new HashSet<>(live);
    known.addAll(removed);
    return new Contents(config, graph, live, known);
  }

  /** Copies {@code length} bytes of the stream into a file. */
  private static void copy(Path path, DataInputStream in, long length, Path target)
      throws IOException {
    try (OutputStream copy = Files.newOutputStream(target)) {
      byte[] buf = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new CorruptFileException(path, "graph truncated: " + (length - left) + " of "
              + length + " bytes");
        }
        copy.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private static void writeIds(DataOutputStream out, long[] ids) throws IOException {
    out.writeInt(ids.length);
    for (long id : ids) {
      out.writeLong(id);
    }
  }

  private static Set<Long> readIds(Path path, DataInputStream in, String what)
      throws IOException {
    int n = ChecksummedFile.readCount(path, in, what, Integer.MAX_VALUE / 2);
    Set<Long> ids = new HashSet<>(Math.max(16, n * 2));
    for (int i = 0; i < n; i++) {
      ids.add(in.readLong());
    }
    return ids;
  }

  /** Frees a native graph. */
  static void free(Index graph) {
    try {
      graph.close();
    } catch (IOException e) {
      throw new RecallException("cannot free the voyager index", e);
    }
  }
}
