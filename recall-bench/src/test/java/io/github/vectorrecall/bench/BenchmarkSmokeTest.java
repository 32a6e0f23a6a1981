package io.github.vectorrecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** One short in-process iteration of every benchmark on a small catalog: they set up and run. */
class BenchmarkSmokeTest {

  @Test
  void everyBenchmarkRunsOnASmallCatalog() throws Exception {
    Options options = new OptionsBuilder()
        .include(IndexSearchBenchmark.class.getSimpleName())
        .include(RecallEngineBenchmark.class.getSimpleName())
        .param("provider", "hnsw")
        .param("items", "2000")
        .param("users", "100")
        .param("queries", "50")
        .param("k", "100")
        .param("ef", "200")
        .param("batch", "4")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    // IndexSearch.search, RecallEngine.{recall, recallBatch, encodeUser, search} x {torch, java}
    assertEquals(9, results.size());
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + ": " + score);
      assertTrue(r.getPrimaryResult().getSampleCount() > 10,
          r.getParams().getBenchmark() + " took only " + r.getPrimaryResult().getSampleCount());
    }
  }
}
