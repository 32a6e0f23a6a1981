package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.VectorStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A linearizability-style check of {@code hnsw} under concurrent changes: writer threads add,
 * upsert, remove and bulk-add on a tiny catalog (so that the graph grows, fills with tombstones
 * and compacts in the background again and again) while searcher threads run. Every operation
 * is stamped on one clock before it begins and after it returns; afterwards each search is
 * checked against a model of the catalog built from those stamps: every id it returned was in
 * the index at some moment during the search, with a vector it held then (the score says
 * which), no id twice, scores best first, and K results whenever K items stayed in the index
 * throughout the search. An id whose removal returned before the search began (and whose
 * re-add had not begun) is never returned. The searchers also call {@code contains} between
 * searches: true only if the id was present at some moment of the call, false only if it was
 * absent at some moment (so an upsert of a present id never hides it).
 */
class HnswConcurrencyTest {
  private static final long SEED = 20261130L;
  private static final int VECTORS_PER_ID = 3;
  private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** Searches one searcher keeps for the check, at most. */
  private static final int MAX_SEARCHES = 50_000;
  /** Catalogs up to this size get the exact count of items that stayed through each search. */
  private static final int EXACT_STAYED_UP_TO = 64;

  /**
   * The shape of a run.
   *
   * @param writers writer threads, each with its own ids
   * @param searchers searcher threads
   * @param idsPerWriter ids each writer owns (all present at first)
   * @param minLivePerWriter ids each writer keeps present, so that K never exceeds the size
   * @param maxK the largest K searched for
   * @param dim vector length
   * @param m the graph's M
   * @param mapped whether the index keeps int8 codes and its floats in a mapped file (then AUTO
   *     walks the codes and re-ranks on the file)
   */
  private record Shape(int writers, int searchers, int idsPerWriter, int minLivePerWriter,
      int maxK, int dim, int m, boolean mapped) {
    int ids() {
      return writers * idsPerWriter;
    }
  }

  /** One finished change of one id: stamps before and after, and the vector it left (-1: none). */
  private record Change(long start, long end, int vectorAfter) {}

  /** One finished search. */
  private record Search(long start, long end, int query, int k, TopK top) {}

  /** One finished {@code contains(id)}, which takes no lock, and what it answered. */
  private record Probe(long start, long end, int id, boolean found) {}

  private final AtomicLong clock = new AtomicLong();
  private Shape shape;
  private float[][][] vectors;
  private final float[][] queries = new float[20][];
  /** Per id, its changes in order (each id has one writer). */
  private final List<List<Change>> history = new ArrayList<>();
  /** Per writer, its changes in order (a bulk add once). */
  private final List<List<Change>> byWriter = new ArrayList<>();

  /**
   * Two writers on 32 ids: a graph that grows from 16 nodes, walks that mostly end in the exact
   * fallback, a background compaction every few hundred changes.
   */
  @Test
  void changesAndSearches_tinyCatalog_everyResultFitsAModelOfTheCatalog() throws Exception {
    run(new Shape(2, 3, 16, 6, 10, 4, 4, false));
  }

  /**
   * Four searchers and one writer on 2,000 ids: searches answered by the graph walk while nodes
   * are linked and pruned around them.
   */
  @Test
  void changesAndSearches_fourSearchersOneWriter_everyResultFitsAModelOfTheCatalog()
      throws Exception {
    run(new Shape(1, 4, 2000, 1000, 50, 16, 8, false));
  }

  /**
   * Int8 codes and the floats in a mapped file, on 1,200 ids (the quantizer is fitted at 1,000):
   * searches walk or scan the codes and re-rank on the file while rows are appended to it and
   * compactions replace it (a smaller catalog than above: changes relink on the mapped floats).
   */
  @Test
  void changesAndSearches_mappedFloats_everyResultFitsAModelOfTheCatalog() throws Exception {
    run(new Shape(1, 4, 1200, 1000, 20, 8, 8, true));
  }

  private void run(Shape sh) throws Exception {
    shape = sh;
    int ids = sh.ids();
    Random rnd = new Random(SEED);
    vectors = new float[ids][VECTORS_PER_ID][];
    for (float[][] perId : vectors) {
      for (int j = 0; j < VECTORS_PER_ID; j++) {
        perId[j] = gaussian(rnd, sh.dim());
      }
    }
    for (int i = 0; i < queries.length; i++) {
      queries[i] = gaussian(rnd, sh.dim());
    }
    // small lists, room for 16 nodes at first: the graph grows, walks cross tombstones
    IndexConfig config = IndexConfig.builder(sh.dim()).metric(Metric.INNER_PRODUCT).m(sh.m())
        .efConstruction(32).efSearch(10).expectedSize(16).buildThreads(1).seed(SEED)
        .quantization(sh.mapped() ? Quantization.INT8 : Quantization.NONE)
        .vectorStorage(sh.mapped() ? VectorStorage.MAPPED : VectorStorage.HEAP).build();
    try (AnnIndex index = AnnIndex.create("hnsw", config)) {
      // every id present at first, with its vector 0
      long[] all = new long[ids];
      float[][] first = new float[ids][];
      for (int id = 0; id < ids; id++) {
        all[id] = id;
        first[id] = vectors[id][0];
        history.add(new ArrayList<>(List.of(new Change(0, 0, 0))));
      }
      index.addAll(all, first);
      for (int w = 0; w < sh.writers(); w++) {
        byWriter.add(new ArrayList<>());
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<List<Search>> searches = new ArrayList<>();
      List<List<Probe>> probes = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      long[] writes = new long[sh.writers()];
      for (int w = 0; w < sh.writers(); w++) {
        int writer = w;
        threads.add(new Thread(() -> {
          try {
            writes[writer] = write(index, writer, new Random(SEED + 100 + writer));
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }, "writer-" + w));
      }
      for (int s = 0; s < sh.searchers(); s++) {
        List<Search> mine = new ArrayList<>();
        searches.add(mine);
        List<Probe> myProbes = new ArrayList<>();
        probes.add(myProbes);
        Random r = new Random(SEED + 200 + s);
        threads.add(new Thread(() -> {
          try {
            while (!stop.get() && mine.size() < MAX_SEARCHES) {
              int q = r.nextInt(queries.length);
              int k = 1 + r.nextInt(sh.maxK());
              long start = clock.incrementAndGet();
              TopK top = index.search(queries[q], k, null, r.nextBoolean() ? 0 : 4 * k);
              long end = clock.incrementAndGet();
              mine.add(new Search(start, end, q, k, top));
              int id = r.nextInt(ids);
              long before = clock.incrementAndGet();
              boolean found = index.contains(id);
              myProbes.add(new Probe(before, clock.incrementAndGet(), id, found));
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }, "searcher-" + s));
      }
      threads.forEach(Thread::start);
      for (int w = 0; w < sh.writers(); w++) {
        threads.get(w).join();
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("a thread failed, seed " + SEED, failure.get());
      }
      List<String> violations = new ArrayList<>();
      int checked = 0;
      for (List<Search> mine : searches) {
        for (Search s : mine) {
          check(s, violations);
          checked++;
        }
      }
      assertTrue(violations.isEmpty(), violations.size() + " of " + checked + " searches broke"
          + " the model, seed " + SEED + "; first: " + violations.subList(0,
          Math.min(5, violations.size())));
      for (List<Probe> mine : probes) {
        for (Probe p : mine) {
          List<Change> h = history.get(p.id());
          if (p.found() ? held(h, p.start(), p.end()).isEmpty()
              : !absentAtSomeMoment(h, p.start(), p.end())) {
            violations.add("contains(" + p.id() + ") = " + p.found() + ", which it was at no"
                + " moment of the call: " + p);
          }
        }
      }
      assertTrue(violations.isEmpty(), violations.size() + " contains calls broke the model,"
          + " seed " + SEED + "; first: " + violations.subList(0,
          Math.min(5, violations.size())));
      assertTrue(checked >= 1000, "only " + checked + " searches ran");
      assertTrue(Arrays.stream(writes).sum() >= 1000, "only " + Arrays.toString(writes)
          + " changes");
      // the final state is the model's
      int live = 0;
      for (int id = 0; id < ids; id++) {
        List<Change> h = history.get(id);
        boolean present = h.get(h.size() - 1).vectorAfter() >= 0;
        live += present ? 1 : 0;
        assertEquals(present, index.contains(id), "id " + id + ", seed " + SEED);
      }
      assertEquals(live, index.size());
    }
  }

  /** Runs one writer's changes on its own ids for {@link #RUN_NANOS}; returns how many. */
  private long write(AnnIndex index, int writer, Random rnd) {
    int perWriter = shape.idsPerWriter();
    int base = writer * perWriter;
    int[] state = new int[perWriter]; // the vector each id holds, -1 when absent
    int live = perWriter;
    long deadline = System.nanoTime() + RUN_NANOS;
    long n = 0;
    while (System.nanoTime() < deadline) {
      int op = rnd.nextInt(10);
      int i = rnd.nextInt(perWriter);
      int id = base + i;
      int vec = rnd.nextInt(VECTORS_PER_ID);
      long start = clock.incrementAndGet();
      if (op < 4) {
        index.upsert(id, vectors[id][vec]);
        live += state[i] < 0 ? 1 : 0;
        state[i] = vec;
      } else if (op < 7) {
        boolean present = state[i] >= 0;
        if (present && live <= shape.minLivePerWriter()) {
          continue;
        }
        assertEquals(present, index.remove(id), "remove(" + id + "), seed " + SEED);
        live -= present ? 1 : 0;
        state[i] = -1;
      } else if (op < 9) {
        if (state[i] >= 0) {
          continue;
        }
        index.add(id, vectors[id][vec]);
        live++;
        state[i] = vec;
      } else {
        // a bulk add of up to three absent ids (one change per id, one span for all)
        List<Integer> absent = new ArrayList<>();
        for (int j = 0; j < perWriter && absent.size() < 3; j++) {
          if (state[(i + j) % perWriter] < 0) {
            absent.add((i + j) % perWriter);
          }
        }
        if (absent.isEmpty()) {
          continue;
        }
        long[] bulkIds = new long[absent.size()];
        float[][] bulk = new float[absent.size()][];
        for (int j = 0; j < bulkIds.length; j++) {
          bulkIds[j] = base + absent.get(j);
          bulk[j] = vectors[base + absent.get(j)][vec];
        }
        index.addAll(bulkIds, bulk);
        long end = clock.incrementAndGet();
        for (int a : absent) {
          state[a] = vec;
          live++;
          record(base + a, start, end, vec);
        }
        byWriter.get(writer).add(new Change(start, end, vec));
        n++;
        continue;
      }
      long end = clock.incrementAndGet();
      record(id, start, end, state[i]);
      byWriter.get(writer).add(new Change(start, end, state[i]));
      assertEquals(state[i] >= 0, index.contains(id), "contains(" + id + "), seed " + SEED);
      n++;
    }
    return n;
  }

  private void record(int id, long start, long end, int vectorAfter) {
    List<Change> h = history.get(id);
    synchronized (h) {
      h.add(new Change(start, end, vectorAfter));
    }
  }

  /** Checks one search against the model; adds what it broke to {@code violations}. */
  private void check(Search s, List<String> violations) {
    TopK top = s.top();
    float[] q = queries[s.query()];
    Set<Long> seen = new HashSet<>();
    for (int rank = 0; rank < top.size(); rank++) {
      long id = top.id(rank);
      seen.add(id);
      if (id < 0 || id >= history.size()) {
        violations.add("unknown id " + id + " returned: " + s);
        continue;
      }
      List<Integer> held = held(history.get((int) id), s.start(), s.end());
      if (held.isEmpty()) {
        violations.add("id " + id + " returned, absent throughout the search " + s);
        continue;
      }
      float score = top.score(rank);
      boolean matches = false;
      for (int v : held) {
        float expected = Metric.INNER_PRODUCT.score(q, vectors[(int) id][v]);
        matches |= Math.abs(expected - score) <= 1e-4f * Math.max(1, Math.abs(expected));
      }
      if (!matches) {
        violations.add("id " + id + " scored " + score + ", which no vector it held (" + held
            + ") gives, " + s);
      }
    }
    int stayed = stayed(s);
    if (seen.size() != top.size()) {
      violations.add("an id returned twice: " + s);
    }
    for (int i = 1; i < top.size(); i++) {
      if (top.score(i) > top.score(i - 1)) {
        violations.add("scores not best first: " + s);
      }
    }
    if (stayed >= s.k() && top.size() != s.k()) {
      violations.add(top.size() + " results while " + stayed + " items stayed: " + s);
    }
  }

  /**
   * The vectors an id held at some moment between two stamps (a search or a contains call): the
   * one it held at the start (if present) and those that changes running meanwhile left.
   */
  private static List<Integer> held(List<Change> h, long start, long end) {
    // one writer per id: its changes follow one another, so their stamps increase
    int last = lastEndedBefore(h, start);
    List<Integer> held = new ArrayList<>();
    if (last >= 0 && h.get(last).vectorAfter() >= 0) {
      held.add(h.get(last).vectorAfter());
    }
    for (int c = last + 1; c < h.size() && h.get(c).start() < end; c++) {
      if (h.get(c).vectorAfter() >= 0) {
        held.add(h.get(c).vectorAfter());
      }
    }
    return held;
  }

  /**
   * Whether an id was absent at some moment between two stamps: at the start, or left so by a
   * change running meanwhile.
   */
  private static boolean absentAtSomeMoment(List<Change> h, long start, long end) {
    int last = lastEndedBefore(h, start);
    if (last < 0 || h.get(last).vectorAfter() < 0) {
      return true;
    }
    for (int c = last + 1; c < h.size() && h.get(c).start() < end; c++) {
      if (h.get(c).vectorAfter() < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Items present throughout a search, or a lower bound of them: exact on small catalogs; on
   * larger ones the items each writer keeps, less one per id its changes during the search
   * touched.
   */
  private int stayed(Search s) {
    if (history.size() <= EXACT_STAYED_UP_TO) {
      int stayed = 0;
      for (List<Change> h : history) {
        int last = lastEndedBefore(h, s.start());
        boolean present = last >= 0 && h.get(last).vectorAfter() >= 0;
        boolean touched = last + 1 < h.size() && h.get(last + 1).start() < s.end();
        stayed += present && !touched ? 1 : 0;
      }
      return stayed;
    }
    int stayed = 0;
    for (List<Change> mine : byWriter) {
      int touched = 0;
      for (int c = lastEndedBefore(mine, s.start()) + 1;
          c < mine.size() && mine.get(c).start() < s.end(); c++) {
        touched += 3; // a bulk add touches up to three ids
      }
      stayed += shape.minLivePerWriter() - touched;
    }
    return stayed;
  }

  /** The last change that ended before {@code t}, or -1. */
  private static int lastEndedBefore(List<Change> h, long t) {
    int lo = 0;
    int hi = h.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (h.get(mid).end() < t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static float[] gaussian(Random rnd, int dim) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = (float) rnd.nextGaussian();
    }
    return v;
  }
}
