package io.github.vectorrecall.spark.internal;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The encoders and indexes of one JVM (an executor, or the driver in {@code local[*]} mode),
 * keyed by their absolute path: the first task that needs one loads it, every later task of the
 * JVM shares it (both types are thread-safe). They stay open for the JVM's life and are closed by
 * a shutdown hook; a path must therefore not be rewritten while a job uses it.
 */
public final class ExecutorCache {
  private static final Map<String, Encoder> ENCODERS = new ConcurrentHashMap<>();
  private static final Map<String, AnnIndex> INDEXES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorCache::closeAll, "executor-cache-close"));
  }

  private ExecutorCache() {}

  /**
   * The plain-Java encoder of a model directory, loaded on first use in this JVM.
   *
   * @param modelDirectory the directory holding {@code model.bin}
   * @return the shared encoder; do not close it
   */
  public static Encoder encoder(Path modelDirectory) {
    String key = modelDirectory.toAbsolutePath().normalize().toString();
    return ENCODERS.computeIfAbsent(key, k -> {
      LOADS.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
      return Encoder.load("java", Path.of(k));
    });
  }

  /**
   * The index in a file (any provider, a sharded manifest included), loaded on first use in this
   * JVM.
   *
   * @param file the index file
   * @return the shared index; do not close it
   */
  public static AnnIndex index(Path file) {
    String key = file.toAbsolutePath().normalize().toString();
    return INDEXES.computeIfAbsent(key, k -> {
      LOADS.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
      return AnnIndex.load(Path.of(k));
    });
  }

  /**
   * How often this JVM has loaded a path (for tests: 1 however many tasks used it).
   *
   * @param path a model directory or index file
   * @return the number of loads
   */
  public static int loads(Path path) {
    AtomicInteger n = LOADS.get(path.toAbsolutePath().normalize().toString());
    return n == null ? 0 : n.get();
  }

  /** Closes and forgets everything loaded. */
  public static synchronized void closeAll() {
    ENCODERS.values().forEach(Encoder::close);
    INDEXES.values().forEach(AnnIndex::close);
    ENCODERS.clear();
    INDEXES.clear();
  }
}
