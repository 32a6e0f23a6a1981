package io.github.vectorrecall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link RecallEngine#swap}: requests finish on the pair they started with, later ones use the
 * new pair, old pairs close after their last request, and no request meets a closed index.
 */
class RecallEngineSwapTest {
  /** Items per generation; generation g holds ids g * 1000 .. g * 1000 + ITEMS - 1. */
  private static final int ITEMS = 40;

  private static BruteForceIndex generation(int g) {
    BruteForceIndex index = new BruteForceIndex(2, Metric.INNER_PRODUCT);
    for (int i = 0; i < ITEMS; i++) {
      index.add(g * 1000L + i, new float[] {1, i / 100f});
    }
    return index;
  }

  @Test
  void swap_underLoad_everyAnswerFromOnePair_noFailure_allOldPairsClosed()
      throws InterruptedException {
    FixedEncoder firstEncoder = new FixedEncoder();
    BruteForceIndex firstIndex = generation(0);
    List<FixedEncoder> encoders = new ArrayList<>(List.of(firstEncoder));
    List<BruteForceIndex> indexes = new ArrayList<>(List.of(firstIndex));
    List<CompletableFuture<Void>> retired = new ArrayList<>();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong answers = new AtomicLong();
    RecallEngine engine = RecallEngine.builder().encoder(firstEncoder).index(firstIndex).k(10)
        .build();
    int searchers = 4;
    CountDownLatch stop = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < searchers; t++) {
      Thread thread = new Thread(() -> {
        UserQuery query = UserQuery.builder(1).history(3).build();
        while (stop.getCount() > 0) {
          try {
            TopK top = engine.recall(query);
            assertEquals(10, top.size());
            long generation = top.id(0) / 1000;
            for (int i = 0; i < top.size(); i++) {
              assertEquals(generation, top.id(i) / 1000, "ids from two pairs: " + top);
            }
            answers.incrementAndGet();
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    int generations = 1;
    while (System.nanoTime() < until) {
      FixedEncoder encoder = new FixedEncoder();
      BruteForceIndex index = generation(generations++);
      encoders.add(encoder);
      indexes.add(index);
      retired.add(engine.swap(encoder, index));
      Thread.sleep(2);
    }
    stop.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " requests failed, first: "
        + failures.peek());
    System.out.printf("RecallEngineSwapTest: %d swaps, %d answers on %d searcher threads in"
        + " 1.5 s, no failure%n", generations - 1, answers.get(), searchers);
    assertTrue(answers.get() > 0);
    assertTrue(generations > 10, "only " + generations + " swaps");
    // Every swapped-out pair has retired; the engine owned all but the builder's.
    for (CompletableFuture<Void> f : retired) {
      assertTrue(f.isDone());
    }
    assertFalse(firstIndex.isClosed(), "the builder's pair belongs to its creator");
    assertFalse(firstEncoder.isClosed());
    for (int g = 1; g < generations - 1; g++) {
      assertTrue(indexes.get(g).isClosed(), "generation " + g + " leaked");
      assertTrue(encoders.get(g).isClosed(), "generation " + g + " leaked");
    }
    BruteForceIndex last = indexes.get(generations - 1);
    assertEquals((generations - 1) * 1000L + ITEMS - 1,
        engine.recall(UserQuery.of(1)).id(0), "later requests use the newest pair");
    assertFalse(last.isClosed());
    engine.close();
    assertTrue(last.isClosed(), "the engine closes the pair it owns when it closes");
    assertTrue(encoders.get(generations - 1).isClosed());
  }

  @Test
  void swap_waitsForTheRequestInFlight_beforeClosingTheOldPair() throws Exception {
    CountDownLatch inSearch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BruteForceIndex slow = new BruteForceIndex(2, Metric.INNER_PRODUCT) {
      @Override
      public TopK search(float[] query, int k, IdFilter filter, int ef) {
        inSearch.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.search(query, k, filter, ef);
      }
    };
    slow.add(1, new float[] {1, 0});
    RecallEngine engine = RecallEngine.builder().encoder(new FixedEncoder()).index(generation(5))
        .k(1).build();
    FixedEncoder ownedEncoder = new FixedEncoder();
    engine.swap(ownedEncoder, slow);
    AtomicReference<TopK> answer = new AtomicReference<>();
    Thread request = new Thread(() -> answer.set(engine.recall(UserQuery.of(1))));
    request.start();
    assertTrue(inSearch.await(5, TimeUnit.SECONDS));
    CompletableFuture<Void> retired = engine.swap(new FixedEncoder(), generation(6));
    assertFalse(retired.isDone(), "retired while a request still ran on it");
    assertFalse(slow.isClosed());
    assertEquals(6000L + ITEMS - 1, engine.recall(UserQuery.of(1)).id(0));
    release.countDown();
    request.join();
    assertEquals(1L, answer.get().id(0), "the request finished on the pair it started with");
    retired.get(5, TimeUnit.SECONDS);
    assertTrue(slow.isClosed());
    assertTrue(ownedEncoder.isClosed());
    engine.close();
  }

  @Test
  void swap_mismatchedPair_refusedNamingBoth_oldPairKeepsServing() {
    BruteForceIndex index = generation(1);
    RecallEngine engine = RecallEngine.builder().encoder(new FixedEncoder()).index(index).k(3)
        .build();
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> engine.swap(new FixedEncoder(), new BruteForceIndex(3, Metric.INNER_PRODUCT)));
    assertEquals("encoder dimension 2 does not match index dimension 3", dim.getMessage());
    IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
        () -> engine.swap(new FixedEncoder(), new BruteForceIndex(2, Metric.L2)));
    assertEquals("encoder metric INNER_PRODUCT does not match index metric L2",
        metric.getMessage());
    assertEquals(3, engine.recall(UserQuery.of(1)).size());
    assertTrue(engine.index() == index);
    engine.close();
  }

  @Test
  void swap_afterClose_throws() {
    RecallEngine engine = RecallEngine.builder().encoder(new FixedEncoder()).index(generation(1))
        .build();
    engine.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> engine.swap(new FixedEncoder(), generation(2)));
    assertEquals("RecallEngine is closed", e.getMessage());
    assertThrows(IllegalStateException.class, engine::index);
  }

  @Test
  void metrics_recordEachRequest_andSwaps() {
    AtomicLong requests = new AtomicLong();
    AtomicLong shortOnes = new AtomicLong();
    AtomicLong swaps = new AtomicLong();
    AtomicReference<RecallEngine> bound = new AtomicReference<>();
    RecallMetrics metrics = new RecallMetrics() {
      @Override
      public void bind(RecallEngine engine) {
        bound.set(engine);
      }

      @Override
      public void recalled(long nanos, int k, int returned) {
        assertTrue(nanos > 0);
        requests.incrementAndGet();
        if (returned < k) {
          shortOnes.incrementAndGet();
        }
      }

      @Override
      public void swapped() {
        swaps.incrementAndGet();
      }
    };
    RecallEngine engine = RecallEngine.builder().encoder(new FixedEncoder()).index(generation(1))
        .k(5).metrics(metrics).build();
    assertTrue(bound.get() == engine);
    engine.recall(UserQuery.of(1));
    engine.recall(List.of(UserQuery.of(1), UserQuery.builder(2).k(ITEMS).history(1000).build()));
    engine.swap(new FixedEncoder(), generation(2));
    assertEquals(3, requests.get());
    assertEquals(1, shortOnes.get(), "K = 40 with one of 40 items seen returns 39");
    assertEquals(1, swaps.get());
    engine.close();
  }
}
