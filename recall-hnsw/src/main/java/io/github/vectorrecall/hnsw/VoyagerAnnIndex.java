package io.github.vectorrecall.hnsw;

import com.spotify.voyager.jni.Index;
import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.RecallException;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.internal.BuildProgress;
import io.github.vectorrecall.hnsw.internal.ExactScan;
import io.github.vectorrecall.hnsw.internal.IndexFile;
import io.github.vectorrecall.hnsw.internal.Threads;
import io.github.vectorrecall.hnsw.internal.TopKCollector;
import io.github.vectorrecall.hnsw.internal.Vectors;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.spi.VectorChecks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HNSW through Spotify's Voyager ({@code com.spotify:voyager}): native C++ hnswlib behind JNI,
 * with libraries for Linux, macOS and Windows on x64 and aarch64 inside its jar. Choose it for
 * native search speed from a well-kept library; the graph and the vectors live off the Java heap.
 *
 * <p><b>Filters.</b> Voyager cannot filter during traversal. A filtered search asks the graph for
 * {@code k} neighbours and, when fewer than {@code k} pass, for as many more as the share that
 * passed says are needed; when the filter is so selective that scoring the passing items costs
 * less than that wider graph search, it scores them exactly instead. Either way the result holds {@code min(k, passing)} ids, but a
 * selective filter costs more here than with {@code hnsw}, which filters inside the walk.
 *
 * <p><b>Metrics.</b> Inner product and cosine use Voyager's inner-product space (cosine vectors are
 * normalised first, as in every provider); L2 uses its Euclidean space. Scores are converted back
 * to this library's "higher is better" scores.
 *
 * <p><b>Changes.</b> Removal marks the item deleted in the graph (search skips it, the slot is not
 * reused); upsert of a present or removed id replaces its vector in place. Searches run in
 * parallel; changes wait for running searches and block new ones.
 *
 * <p><b>Files.</b> {@link #save} writes Voyager's own graph inside this library's checksummed file,
 * so loading does not rebuild it. The graph goes through a temporary file (next to the target when
 * saving, in the system temporary directory when loading), never through the Java heap.
 */
public final class VoyagerAnnIndex extends AbstractLockedIndex {
  /** Provider name. */
  public static final String NAME = "voyager";

  private static final Logger LOG = LoggerFactory.getLogger(VoyagerAnnIndex.class);
  private static final String CODEC = AnnIndexProvider.CODEC_PREFIX + NAME;
  private static final int VERSION = 2;
  private static final int PROGRESS_CHUNKS = 20;
  /** Builds of at least this many items run in {@value #PROGRESS_CHUNKS} chunks, logged. */
  private static final int LOGGED_BUILD = 50_000;
  /**
   * What the exact scan pays per passing item (vectors fetched through JNI, scored in Java),
   * in scores inside the native graph: about 1 µs against 0.12 µs (reference data, 2026-11-30).
   */
  private static final double SCAN_WEIGHT = 8.0;

  private final Index graph;
  /** Live ids (present and not removed). Guarded by the lock. */
  private final Set<Long> live;
  /** Ids ever added, removed ones included: the graph keeps their slots. Guarded by the lock. */
  private final Set<Long> known;

  VoyagerAnnIndex(IndexConfig config) {
    this(config, new Index(space(config.metric()), config.dimension(), config.m(),
        config.efConstruction(), config.seed(), Math.max(16, config.expectedSize()),
        Index.StorageDataType.Float32), new HashSet<>(), new HashSet<>());
  }

  private VoyagerAnnIndex(IndexConfig config, Index graph, Set<Long> live, Set<Long> known) {
    super(NAME, config);
    this.graph = graph;
    this.live = live;
    this.known = known;
  }

  private static Index.SpaceType space(Metric metric) {
    return metric == Metric.L2 ? Index.SpaceType.Euclidean : Index.SpaceType.InnerProduct;
  }

  @Override
  public int size() {
    return read(live::size);
  }

  @Override
  public boolean contains(long id) {
    return read(() -> live.contains(id));
  }

  @Override
  public void add(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> {
      if (live.contains(id)) {
        throw alreadyPresent(id);
      }
      put(id, v);
    });
  }

  @Override
  public void upsert(long id, float[] vector) {
    float[] v = prepareOne(id, vector);
    write(() -> put(id, v));
  }

  /** Adds or replaces one vector; called under the write lock. */
  private void put(long id, float[] v) {
    boolean revived = false;
    if (known.contains(id)) {
      if (!live.contains(id)) {
        graph.unmarkDeleted(id);
        revived = true;
      }
    } else {
      ensureCapacity(1);
    }
    try {
      graph.addItem(v, id);
    } catch (RuntimeException e) {
      // Leave the graph as the id sets say: a revived id goes back to removed, and a new id the
      // graph stored anyway is known but removed.
      if (revived) {
        graph.markDeleted(id);
      } else if (!known.contains(id) && stored(new long[] {id}).contains(id)) {
        known.add(id);
        graph.markDeleted(id);
      }
      throw e;
    }
    known.add(id);
    live.add(id);
  }

  /** Which of {@code ids} the native graph holds (removed or not); used after a failure. */
  private Set<Long> stored(long[] ids) {
    Set<Long> all = new HashSet<>();
    for (long id : graph.getIDs()) {
      all.add(id);
    }
    Set<Long> out = new HashSet<>();
    for (long id : ids) {
      if (all.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  @Override
  public void addAll(long[] ids, float[][] vectors) {
    checkOpen();
    float[][] prepared = ExactAnnIndex.prepareAll(ids, vectors, dimension, metric);
    write(() -> {
      for (long id : ids) {
        if (live.contains(id)) {
          throw alreadyPresent(id);
        }
      }
      // Removed ids still own a slot in the graph: they come back one by one, in place.
      long[] freshIds = new long[ids.length];
      float[][] freshVectors = new float[ids.length][];
      int fresh = 0;
      for (int i = 0; i < ids.length; i++) {
        if (known.contains(ids[i])) {
          put(ids[i], prepared[i]);
        } else {
          freshIds[fresh] = ids[i];
          freshVectors[fresh++] = prepared[i];
        }
      }
      addFresh(Arrays.copyOf(freshIds, fresh), Arrays.copyOf(freshVectors, fresh));
    });
  }

  /** Adds ids never seen by this index, in chunks with progress; called under the write lock. */
  private void addFresh(long[] ids, float[][] prepared) {
    ensureCapacity(ids.length);
    int threads = Threads.build(config);
    int chunk = ids.length >= LOGGED_BUILD ? (ids.length + PROGRESS_CHUNKS - 1) / PROGRESS_CHUNKS
        : Math.max(1, ids.length);
    BuildProgress progress = new BuildProgress("voyager build", ids.length, LOGGED_BUILD);
    for (int from = 0; from < ids.length; from += chunk) {
      int to = Math.min(ids.length, from + chunk);
      float[][] part = Arrays.copyOfRange(prepared, from, to);
      long[] partIds = Arrays.copyOfRange(ids, from, to);
      try {
        graph.addItems(part, partIds, threads);
      } catch (RuntimeException e) {
        // The native call may have stored part of the chunk: those items are in the index now,
        // as the items of earlier chunks are, and the id sets must say so.
        for (long id : stored(partIds)) {
          known.add(id);
          live.add(id);
        }
        throw e;
      }
      for (long id : partIds) {
        known.add(id);
        live.add(id);
      }
      progress.report(to);
    }
  }

  private void ensureCapacity(int extra) {
    long needed = graph.getNumElements() + (long) extra;
    if (needed > graph.getMaxElements()) {
      graph.resizeIndex(Math.max(needed, graph.getMaxElements() * 2));
    }
  }

  @Override
  public boolean remove(long id) {
    checkOpen();
    lock.writeLock().lock();
    try {
      checkOpen();
      if (!live.remove(id)) {
        return false;
      }
      graph.markDeleted(id);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public TopK search(float[] query, int k, IdFilter filter, int ef) {
    float[] q = Vectors.prepare("query", VectorChecks.check("query", query, dimension), metric);
    VectorChecks.checkEf(ef);
    return read(() -> {
      checkOpen();
      int size = live.size();
      VectorChecks.checkK(k, size);
      int effort = Math.max(k, ef > 0 ? ef : config.efSearch());
      return Widening.search(k, filter, effort, size, k, effort, SCAN_WEIGHT,
          (want, depth) -> neighbours(q, want, depth), () -> exactScan(q, k, filter));
    });
  }

  /** The graph's answer, or null when it fails; called under the read lock. */
  private Widening.Neighbours neighbours(float[] q, int want, int depth) {
    Index.QueryResults found;
    try {
      found = graph.query(q, want, depth);
    } catch (RuntimeException e) {
      // hnswlib fails when the walk finds fewer than `want` live items (possible after many
      // removals): the exact scan answers instead.
      LOG.debug("voyager query for {} neighbours failed ({}); scanning exactly", want,
          e.getMessage());
      return null;
    }
    float[] scores = found.distances;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(scores[i]);
    }
    return new Widening.Neighbours(found.labels, scores);
  }

  private float score(float distance) {
    // Voyager: inner product distance = 1 - dot; Euclidean distance = squared L2 distance.
    return metric == Metric.L2 ? -distance : 1f - distance;
  }

  /** Scores every live item that passes the filter; called under the read lock. */
  private TopK exactScan(float[] q, int k, IdFilter filter) {
    long[] ids = new long[live.size()];
    int n = 0;
    for (long id : live) {
      if (filter == null || filter.accept(id)) {
        ids[n++] = id;
      }
    }
    TopKCollector top = new TopKCollector(k);
    int batch = 4096;
    for (int from = 0; from < n; from += batch) {
      long[] part = Arrays.copyOfRange(ids, from, Math.min(n, from + batch));
      ExactScan.vectors(top, metric, q, part, graph.getVectors(part), part.length);
    }
    return top.toTopK();
  }

  @Override
  public void save(Path path) {
    read(() -> {
      // Voyager writes its graph to a file of its own, next to the target; it is then copied
      // into the checksummed file, so the graph never passes through the Java heap.
      Path dir = path.toAbsolutePath().getParent();
      Path graphFile = null;
      try {
        graphFile = Files.createTempFile(dir, ".voyager-graph", ".tmp");
        graph.saveIndex(graphFile.toString());
        long graphBytes = Files.size(graphFile);
        Path source = graphFile;
        long[] liveIds = live.stream().mapToLong(Long::longValue).toArray();
        long[] removedIds = known.stream().mapToLong(Long::longValue)
            .filter(id -> !live.contains(id)).toArray();
        ChecksummedFile.write(path, CODEC, VERSION, out -> {
          IndexFile.Header.of(config).write(out);
          writeIds(out, liveIds);
          writeIds(out, removedIds);
          out.writeLong(graphBytes);
          Files.copy(source, out);
        });
      } catch (IOException e) {
        throw new RecallException("cannot save the voyager graph to " + path, e);
      } finally {
        deleteQuietly(graphFile);
      }
      return null;
    });
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Cannot delete temporary file {}: {}", file, e.toString());
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

  static VoyagerAnnIndex load(Path path) {
    // The file is checked for bytes left after the body once the body has been read: free the
    // native graph if that check fails.
    VoyagerAnnIndex[] loaded = new VoyagerAnnIndex[1];
    try {
      return readFile(path, loaded);
    } catch (RuntimeException e) {
      if (loaded[0] != null) {
        loaded[0].close();
      }
      throw e;
    }
  }

  private static VoyagerAnnIndex readFile(Path path, VoyagerAnnIndex[] loaded) {
    return ChecksummedFile.read(path, CODEC, VERSION, VERSION, (in, version) -> {
      IndexFile.Header h = IndexFile.Header.read(path, in);
      Metric metric = h.metric();
      int dimension = h.dimension();
      if (dimension == 0 || h.m() < 2 || h.efConstruction() < 1 || h.efSearch() < 1) {
        throw new CorruptFileException(path, "dimension " + dimension + ", M " + h.m()
            + ", efConstruction " + h.efConstruction() + ", efSearch " + h.efSearch());
      }
      Set<Long> live = readIds(path, in, "live id count");
      Set<Long> removed = readIds(path, in, "removed id count");
      long length = in.readLong();
      if (length <= 0) {
        throw new CorruptFileException(path, "graph of " + length + " bytes");
      }
      Index graph;
      Path graphFile = Files.createTempFile(".voyager-graph", ".tmp");
      try {
        try (OutputStream copy = Files.newOutputStream(graphFile)) {
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
        graph = Index.load(graphFile.toString(), space(metric), dimension,
            Index.StorageDataType.Float32);
      } catch (RuntimeException e) {
        if (e instanceof CorruptFileException c) {
          throw c;
        }
        throw new CorruptFileException(path, "voyager cannot read its graph: " + e.getMessage(), e);
      } finally {
        deleteQuietly(graphFile);
      }
      if (graph.getNumElements() != live.size() + removed.size()) {
        long count = graph.getNumElements();
        close(graph);
        throw new CorruptFileException(path, "the graph holds " + count + " items, the id lists "
            + (live.size() + removed.size()));
      }
      Set<Long> known = new HashSet<>(live);
      known.addAll(removed);
      IndexConfig config = h.configBuilder().expectedSize(Math.max(1, live.size())).build();
      loaded[0] = new VoyagerAnnIndex(config, graph, live, known);
      return loaded[0];
    });
  }

  private static void close(Index graph) {
    try {
      graph.close();
    } catch (IOException e) {
      throw new RecallException("cannot free the voyager index", e);
    }
  }

  /**
   * An estimate of the native memory: per slot the vector, the level-0 links (2M) and the label,
   * as hnswlib allocates them for its capacity, plus the upper levels (about 1/M of the items, M
   * links each).
   */
  @Override
  public long ramBytesUsed() {
    return read(() -> {
      long slots = graph.getMaxElements();
      long perSlot = 4L * dimension + 4L * (2L * config.m() + 1) + 8L + 8L;
      long upper = graph.getNumElements() / Math.max(2, config.m()) * (4L * (config.m() + 1) + 8L);
      return slots * perSlot + upper + 48L * live.size();
    });
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        close(graph);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "VoyagerAnnIndex{dimension=" + dimension + ", metric=" + metric + ", size="
        + (closed ? "closed" : String.valueOf(size())) + "}";
  }
}
