package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.hnsw.HnswAnnIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Search latency of the {@code hnsw} index while the catalog changes: one search thread runs
 * the reference queries while another thread upserts, removes and re-adds, bulk-adds, or while
 * the index compacts its tombstones in the background. Each phase prints P50/P99/P99.9 of the
 * searches it saw, the writer's operations per second, whether every result was full, and
 * whether every result held only ids that could be in the index while it ran: no id twice, no
 * id whose removal had returned before the search began (and whose re-add had not begun), no id
 * of the bulk add before that add began.
 *
 * <pre>{@code
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.OnlineRun \
 *     --items 100000 --k 500 --ef 800
 * }</pre>
 */
public final class OnlineRun {
  private OnlineRun() {}

  /** Latencies and outcome of one phase. */
  private record Phase(String name, Latencies latencies, long writes, double seconds,
      boolean full, boolean clean) {}

  /**
   * When each id was last seen gone: the clock when its removal returned, or {@link
   * Long#MAX_VALUE} from just before an add of it begins (it may be present from then on). A
   * search that began at clock {@code t} must not return an id gone since {@code t} or earlier.
   */
  private static final class Absences {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLongArray goneSince;

    Absences(int items) {
      goneSince = new AtomicLongArray(items);
      for (int i = 0; i < items; i++) {
        goneSince.set(i, Long.MAX_VALUE);
      }
    }

    /** Just after {@code remove(id)} returned (or for an id not added yet). */
    void removed(long id) {
      goneSince.set((int) id, clock.incrementAndGet());
    }

    /** Just before an add of {@code id} begins. */
    void adding(long id) {
      goneSince.set((int) id, Long.MAX_VALUE);
    }

    long now() {
      return clock.get();
    }

    /** Whether a result of a search begun at {@code start} holds only possible ids, once each. */
    boolean clean(TopK top, long start) {
      long[] ids = top.ids().clone();
      Arrays.sort(ids);
      for (int i = 0; i < ids.length; i++) {
        if ((i > 0 && ids[i] == ids[i - 1]) || goneSince.get((int) ids[i]) <= start) {
          return false;
        }
      }
      return true;
    }
  }

  /** Holds a writer to a rate: after its n-th write it sleeps until n / rate seconds passed. */
  private static final class Pacer {
    private final long start = System.nanoTime();
    private final double nanosPerWrite;

    Pacer(int writesPerSecond) {
      this.nanosPerWrite = writesPerSecond > 0 ? 1e9 / writesPerSecond : 0;
    }

    void await(long writes) {
      if (nanosPerWrite > 0) {
        long due = start + (long) (writes * nanosPerWrite);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
  }

  /**
   * Runs the phases.
   *
   * @param args {@code --items N --queries N --k K --ef EF --dim D --build-threads T
   *     --writes-per-s W} (W paces the upsert and remove/re-add writers; 0, the default, lets
   *     them run as fast as they can, which on two cores takes a whole core from the searches)
   * @throws InterruptedException if interrupted while waiting for a writer
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "100000"));
    int queries = Integer.parseInt(o.getOrDefault("queries", "1000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "128"));
    int k = Integer.parseInt(o.getOrDefault("k", "500"));
    int ef = Integer.parseInt(o.getOrDefault("ef", "800"));
    int buildThreads = Integer.parseInt(o.getOrDefault("build-threads", "1"));
    int writesPerSecond = Integer.parseInt(o.getOrDefault("writes-per-s", "0"));

    ClusteredVectors gen = ClusteredVectors.reference(dim);
    float[][] vectors = gen.sample(items);
    float[][] qs = gen.sample(queries);
    float[][] spare = gen.sample(items / 10);
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    int bulk = items / 10;
    int initial = items - bulk;
    Absences gone = new Absences(items);
    for (int i = initial; i < items; i++) {
      gone.removed(ids[i]); // not added yet
    }
    System.out.printf(Locale.ROOT, "Data: %d items x %d (reference clusters), %d queries, K %d,"
        + " ef %d; %d built first, %d bulk-added in a phase; writers use %d build thread(s),"
        + " %s%n", items, dim, queries, k, ef, initial, bulk, buildThreads,
        writesPerSecond > 0 ? "paced at " + writesPerSecond + " writes/s" : "unpaced");

    try (HnswAnnIndex index = (HnswAnnIndex) AnnIndex.create("hnsw",
        IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16).efConstruction(200)
            .buildThreads(buildThreads).expectedSize(items).build())) {
      index.addAll(Arrays.copyOf(ids, initial), Arrays.copyOf(vectors, initial));
      // warm-up of the searches, then of the writers' paths while searches run (untimed): the
      // JIT compiles those on the first changes, which would otherwise land in the first phase
      search(index, qs, k, ef, () -> false, 2, new Latencies(), gone);
      Random warm = new Random(3);
      timed("warm-up", index, qs, k, ef, stop -> {
        for (int n = 0; n < 2000; n++) {
          int i = warm.nextInt(initial);
          index.upsert(ids[i], vectors[i]); // the same vector: the catalog stays as it was
          if (index.remove(ids[i])) {
            gone.removed(ids[i]);
            gone.adding(ids[i]);
            index.add(ids[i], vectors[i]);
          }
        }
        // a bulk re-add of 3,000 removed items: the chunked addAll path
        long[] again = Arrays.copyOfRange(ids, 0, 3000);
        for (long id : again) {
          index.remove(id);
          gone.removed(id);
          gone.adding(id);
        }
        index.addAll(again, Arrays.copyOfRange(vectors, 0, 3000));
        return 2000;
      }, true, gone);
      List<Phase> phases = new ArrayList<>();
      phases.add(timed("idle", index, qs, k, ef, null, false, gone));

      Random rnd = new Random(7);
      phases.add(timed("upserts (random live ids, new vectors)", index, qs, k, ef, stop -> {
        long n = 0;
        Pacer pacer = new Pacer(writesPerSecond);
        while (!stop.get()) {
          int i = rnd.nextInt(initial);
          index.upsert(ids[i], spare[(int) (n % spare.length)]);
          n++;
          pacer.await(n);
        }
        return n;
      }, false, gone));
      phases.add(timed("removes and re-adds", index, qs, k, ef, stop -> {
        long n = 0;
        Pacer pacer = new Pacer(writesPerSecond);
        while (!stop.get()) {
          int i = rnd.nextInt(initial);
          if (index.remove(ids[i])) {
            gone.removed(ids[i]);
            gone.adding(ids[i]);
            index.add(ids[i], vectors[i]);
            n += 2;
            pacer.await(n);
          }
        }
        return n;
      }, false, gone));
      // The upserts and re-adds left tombstones: compact them first, so that no background
      // compaction runs into the phases below.
      index.compact();
      phases.add(timed("bulk addAll of " + bulk + " items", index, qs, k, ef, stop -> {
        for (int i = initial; i < items; i++) {
          gone.adding(ids[i]);
        }
        index.addAll(Arrays.copyOfRange(ids, initial, items),
            Arrays.copyOfRange(vectors, initial, items));
        return bulk;
      }, true, gone));
      // A fifth of the items removed (under the share that compacts by itself), then a
      // compaction: it rebuilds the graph from a snapshot while the searches go on.
      int toRemove = items / 5;
      index.compact();
      for (int i = 0; i < toRemove; i++) {
        index.remove(ids[i]);
        gone.removed(ids[i]);
      }
      if (index.tombstones() != toRemove) {
        throw new IllegalStateException(index.tombstones() + " tombstones, expected " + toRemove
            + ": a compaction ran by itself");
      }
      phases.add(timed("with " + toRemove + " tombstones", index, qs, k, ef, null, false,
          gone));
      phases.add(timed("compaction of " + toRemove + " tombstones", index, qs, k, ef, stop -> {
        index.compact();
        return toRemove;
      }, true, gone));
      phases.add(timed("idle after compaction", index, qs, k, ef, null, false, gone));

      System.out.printf(Locale.ROOT, "%n| phase | searches | P50 ms | P99 ms | P99.9 ms |"
          + " writer ops/s | every result K | no removed id |%n"
          + "|---|---|---|---|---|---|---|---|%n");
      for (Phase p : phases) {
        Latencies t = p.latencies();
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %s | %s | %s |%n",
            p.name(), t.count(), t.ms(50), t.ms(99), t.ms(99.9),
            p.writes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", p.writes() / p.seconds()),
            p.full() ? "yes" : "NO", p.clean() ? "yes" : "NO");
      }
    }
  }

  /** A writer: runs until told to stop (or until its own work is done) and counts its ops. */
  private interface Writer {
    long run(AtomicBoolean stop) throws Exception;
  }

  /**
   * Times searches while a writer runs: for writers that stop by themselves (bulk add,
   * compaction) until they finish and at least two passes of the queries, for endless ones over
   * two passes; without a writer, two passes.
   */
  private static Phase timed(String name, AnnIndex index, float[][] qs, int k, int ef,
      Writer writer, boolean finite, Absences gone) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean(writer == null);
    AtomicLong writes = new AtomicLong();
    Throwable[] failure = new Throwable[1];
    Thread t = null;
    long start = System.nanoTime();
    if (writer != null) {
      t = new Thread(() -> {
        try {
          writes.set(writer.run(stop));
        } catch (Throwable e) {
          failure[0] = e;
        } finally {
          done.set(true);
        }
      }, "online-writer");
      t.start();
    }
    Thread writerThread = t;
    Latencies latencies = new Latencies();
    boolean[] outcome = search(index, qs, k, ef, finite ? () -> !done.get() : () -> false, 2,
        latencies, gone);
    stop.set(true);
    if (writerThread != null) {
      writerThread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure[0] != null) {
      throw new IllegalStateException("writer of phase '" + name + "' failed", failure[0]);
    }
    return new Phase(name, latencies, writes.get(), seconds, outcome[0], outcome[1]);
  }

  /**
   * Runs the queries at least {@code passes} times, and on while {@code more} says so,
   * recording each search into {@code times} and checking its ids (untimed) against {@code gone}.
   *
   * @return whether every result held K ids, and whether every result held only possible ids
   */
  private static boolean[] search(AnnIndex index, float[][] qs, int k, int ef,
      BooleanSupplier more, int passes, Latencies times, Absences gone) {
    boolean full = true;
    boolean clean = true;
    for (int pass = 0; pass < passes || more.getAsBoolean(); pass++) {
      for (float[] q : qs) {
        long start = gone.now();
        long t0 = System.nanoTime();
        TopK top = index.search(q, k, null, ef);
        long t1 = System.nanoTime();
        full &= top.size() == k;
        clean &= gone.clean(top, start);
        times.record(t1 - t0);
      }
    }
    return new boolean[] {full, clean};
  }
}
