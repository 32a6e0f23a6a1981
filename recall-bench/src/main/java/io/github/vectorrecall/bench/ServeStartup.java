package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a serving process costs with each encoder: one JVM that loads a saved model with the
 * given encoder provider and a saved index, builds a {@link RecallEngine}, and answers requests.
 * It prints the time from JVM start to the engine being ready and to the first answer, the
 * resident memory (VmRSS, and its peak VmHWM, from {@code /proc/self/status}) after the first
 * answer and after {@code --requests} more, and whether PyTorch's native library is mapped.
 *
 * <p>Run it once per encoder, each in a fresh JVM, on the model and index {@link EngineRun}
 * saved:
 *
 * <pre>{@code
 * java -Xmx2g -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ServeStartup \
 *     --model recall-bench/target/engine/model --index recall-bench/target/engine/index-hnsw.bin \
 *     --encoder java
 * }</pre>
 *
 * <p>The requests are users of the same synthetic catalog {@link EngineRun} trained on (same
 * seed and sizes); generating them happens after the first answer and is not timed.
 */
public final class ServeStartup {
  private ServeStartup() {}

  /**
   * Runs one serving process.
   *
   * @param args {@code --model DIR --index FILE --encoder java|torch [--requests N] [--items N]
   *     [--users N] [--k K] [--ef EF]}
   * @throws IOException if /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = ReferenceRun.options(args);
    Path model = Path.of(o.getOrDefault("model", "recall-bench/target/engine/model"));
    Path indexFile = Path.of(o.getOrDefault("index", "recall-bench/target/engine/index-hnsw.bin"));
    String encoderName = o.getOrDefault("encoder", "java");
    int requests = Integer.parseInt(o.getOrDefault("requests", "20000"));
    int items = Integer.parseInt(o.getOrDefault("items", "100000"));
    int users = Integer.parseInt(o.getOrDefault("users", "5000"));
    int k = Integer.parseInt(o.getOrDefault("k", "500"));
    int ef = Integer.parseInt(o.getOrDefault("ef", "1000"));
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

    long t0 = System.currentTimeMillis();
    Encoder encoder = Encoder.load(encoderName, model);
    long encoderMs = System.currentTimeMillis() - t0;
    AnnIndex index = AnnIndex.load(indexFile);
    RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(k).ef(ef).build();
    long ready = System.currentTimeMillis();
    UserQuery first = UserQuery.of(0L);
    TopK answer = engine.recall(first);
    long firstAnswer = System.currentTimeMillis();
    String rssFirst = status("VmRSS");

    List<UserQuery> queries = queries(items, users);
    long s = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      answer = engine.recall(queries.get(i % queries.size()));
    }
    double meanUs = (System.nanoTime() - s) / 1e3 / requests;
    System.out.printf(Locale.ROOT, "| encoder | JVM start → engine ready ms | encoder load ms "
        + "| → first answer ms | RSS after first MiB | RSS after %d MiB | peak RSS MiB "
        + "| mean µs/request | libtorch mapped |%n|---|---|---|---|---|---|---|---|---|%n",
        requests);
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %.0f | %s |%n",
        encoderName, ready - jvmStart, encoderMs, firstAnswer - jvmStart, rssFirst,
        status("VmRSS"), status("VmHWM"), meanUs, libtorchMapped() ? "yes" : "no");
    if (answer.size() != k) {
      throw new IllegalStateException("expected " + k + " ids, got " + answer.size());
    }
    engine.close();
    index.close();
    encoder.close();
  }

  private static List<UserQuery> queries(int items, int users) {
    return UserQueries.of(
        SyntheticDataset.builder().users(users).items(items).seed(42).generate(), users);
  }

  /** A line of /proc/self/status, in MiB. */
  private static String status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.valueOf(kb / 1024);
      }
    }
    return "n/a";
  }

  private static boolean libtorchMapped() throws IOException {
    return Files.readString(Path.of("/proc/self/maps")).contains("libtorch");
  }
}
