package io.github.vectorrecall.hnsw.internal;

import io.github.vectorrecall.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scan split across threads ({@link io.github.vectorrecall.IndexConfig#searchThreads()}):
 * rows {@code [0, rows)} cut into ranges of at least {@value #MIN_ROWS_PER_THREAD}, one per
 * thread, the caller scanning the last, and their bounded heaps merged. The result is the same
 * as one thread's, except which of several items scored exactly alike at the K-th place is kept.
 * The helper threads start on first use and stop on {@link #close()}.
 */
public final class SplitScan implements AutoCloseable {
  /** Rows a split scan gives each thread at least; smaller scans run on one thread. */
  public static final int MIN_ROWS_PER_THREAD = 16_384;

  /** The k best of rows {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    /**
     * Scans one range.
     *
     * @param from first row
     * @param to end row (exclusive)
     * @return its best rows
     */
    TopKCollector scan(int from, int to);
  }

  private final int threads;
  private final String name;
  private ExecutorService pool;
  private boolean closed;

  /**
   * A splitter.
   *
   * @param threads threads per scan, the caller's included
   * @param name prefix of the helper threads' names
   */
  public SplitScan(int threads, String name) {
    this.threads = threads;
    this.name = name;
  }

  /**
   * Scans {@code rows} rows, split when there are enough of them and threads to share them. The
   * caller keeps the rows from changing until this returns (it returns only once every helper
   * is done, failed or not).
   *
   * @param rows rows to scan
   * @param k results kept
   * @param range the scan of one range
   * @return the k best of all rows
   */
  public TopK scan(int rows, int k, Range range) {
    int parts = Math.min(threads, rows / MIN_ROWS_PER_THREAD);
    if (parts <= 1) {
      return range.scan(0, rows).toTopK();
    }
    List<Future<TopKCollector>> others = new ArrayList<>();
    ExecutorService p = pool();
    for (int i = 0; i < parts - 1; i++) {
      int from = (int) ((long) rows * i / parts);
      int to = (int) ((long) rows * (i + 1) / parts);
      others.add(p.submit(() -> range.scan(from, to)));
    }
    try {
      TopKCollector top = range.scan((int) ((long) rows * (parts - 1) / parts), rows);
      for (Future<TopKCollector> f : others) {
        TopK part = Futures.join(f, "searching").toTopK();
        for (int i = 0; i < part.size(); i++) {
          if (part.score(i) > top.threshold()) {
            top.offer(part.id(i), part.score(i));
          }
        }
      }
      return top.toTopK();
    } finally {
      // On a failure, no helper may still read the rows once the caller lets go of them.
      Futures.awaitQuietly(others);
    }
  }

  private synchronized ExecutorService pool() {
    if (closed) {
      throw new IllegalStateException("the index is closed");
    }
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, name + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  /** Stops the helper threads once their scans end; later split scans are refused. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.shutdown();
    }
  }
}
