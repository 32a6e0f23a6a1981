package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.Trainer;
import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.TrainingListener;
import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.TwoTowerTrainer;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole recall path against native hnswlib's search alone, on the same vectors: issue 7's
 * headline comparison.
 *
 * <p>It generates a seeded synthetic catalog and its users, trains the default two-tower model
 * at the requested dimension (or reuses the model already saved in {@code OUT/model}, so runs on
 * other JDKs serve the same vectors), encodes every item, and writes the item vectors and the
 * user vectors as {@code items.f32} / {@code queries.f32} for {@code scripts/native_hnswlib.py}.
 * Then, per provider and ef, on one thread: {@code RecallEngine.recall} (encode the user from id,
 * features and up to 50 recent items, search, exclude the seen items) and the index search alone
 * on the encoded vector, each with recall@K against exact search (filtered by the same exclusion
 * for the engine) and per-query P50/P99/P99.9. Rows go to {@code searches.tsv} as {@code
 * engine:PROVIDER} and {@code search:PROVIDER} under {@code --label}, for {@code
 * scripts/compare.py}. Each graph index is saved as {@code index-PROVIDER.bin}, for {@link
 * ServeStartup}.
 *
 * <pre>{@code
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.EngineRun \
 *     --out recall-bench/target/engine --items 100000 --dim 128 --k 500 --ef 500,1000,2000
 * }</pre>
 */
public final class EngineRun {
  private EngineRun() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code --name value} options (see the class comment)
   * @throws IOException if the files cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "100000"));
    int users = Integer.parseInt(o.getOrDefault("users", "5000"));
    int queryCount = Integer.parseInt(o.getOrDefault("queries", "1000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "128"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "2"));
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "2"));
    int k = Integer.parseInt(o.getOrDefault("k", "500"));
    int[] efs = Arrays.stream(o.getOrDefault("ef", "500,1000,2000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    String[] providers = o.getOrDefault("providers", "hnsw,exact").split(",");
    String encoderProvider = o.getOrDefault("encoder", "java");
    String label = o.getOrDefault("label", "java");
    Path out = Path.of(o.getOrDefault("out", "target/engine"));
    Files.createDirectories(out);

    Dataset data = SyntheticDataset.builder().users(users).items(items).seed(42).generate();
    Path modelDir = out.resolve("model");
    if (!Files.isDirectory(modelDir)) {
      TwoTowerConfig config = TwoTowerConfig.builder()
          .common(TrainerConfig.builder().epochs(epochs).seed(42).build()).dimension(dim).build();
      long t0 = System.nanoTime();
      try (Trainer trainer = new TwoTowerTrainer(config);
          Encoder trained = trainer.train(data, TrainingListener.NONE)) {
        trained.save(modelDir);
      }
      System.out.printf(Locale.ROOT, "Trained %s in %.0f s%n", config,
          (System.nanoTime() - t0) / 1e9);
    }
    try (Encoder encoder = Encoder.load(encoderProvider, modelDir)) {
      if (encoder.dimension() != dim) {
        throw new IllegalArgumentException(modelDir + " holds a model of dimension "
            + encoder.dimension() + ", not " + dim + "; delete it or use another --out");
      }
      List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
      catalog.sort(Comparator.comparingLong(ItemFeatures::itemId));
      float[][] vectors = encoder.encodeItems(catalog);
      long[] ids = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
      UserQuery[] queries = UserQueries.of(data, queryCount).toArray(new UserQuery[0]);
      float[][] userVectors = encoder.encodeUsers(Arrays.asList(queries));
      ReferenceRun.write(out.resolve("items.f32"), vectors);
      ReferenceRun.write(out.resolve("queries.f32"), userVectors);
      System.out.printf(Locale.ROOT, "%d items x %d, %d users as queries, encoder %s, K %d%n",
          items, dim, queries.length, encoderProvider, k);
      run(out, label, providers, encoder, ids, vectors, queries, userVectors, k, efs, repeats);
    }
  }

  private static void run(Path out, String label, String[] providers, Encoder encoder,
      long[] ids, float[][] vectors, UserQuery[] queries, float[][] userVectors, int k,
      int[] efs, int repeats) {
    IndexConfig config = IndexConfig.builder(encoder.dimension()).metric(encoder.metric())
        .m(16).efConstruction(200).expectedSize(ids.length).build();
    try (AnnIndex exact = AnnIndex.create("exact", config)) {
      exact.addAll(ids, vectors);
      long[][] truth = new long[queries.length][];
      long[][] truthUnseen = new long[queries.length][];
      for (int q = 0; q < queries.length; q++) {
        truth[q] = sorted(exact.search(userVectors[q], k).ids());
        truthUnseen[q] = sorted(exact.search(userVectors[q], k,
            IdFilter.excluding(queries[q].history())).ids());
      }
      System.out.printf("%n| path | K | ef | recall@K | P50 ms | P99 ms | P99.9 ms |%n"
          + "|---|---|---|---|---|---|---|%n");
      for (String provider : providers) {
        AnnIndex index = provider.equals("exact") ? exact : AnnIndex.create(provider, config);
        if (index != exact) {
          long t0 = System.nanoTime();
          index.addAll(ids, vectors);
          System.out.printf(Locale.ROOT, "(%s built in %.1f s)%n", provider,
              (System.nanoTime() - t0) / 1e9);
          index.save(out.resolve("index-" + provider + ".bin")); // for ServeStartup
        }
        int[] ladder = provider.equals("exact") ? new int[] {efs[0]} : efs;
        for (int ef : ladder) {
          try (RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(k)
              .ef(ef).build()) {
            String efName = provider.equals("exact") ? "-" : String.valueOf(ef);
            measure(out, label, "engine:" + provider, k, efName, queries.length, repeats, truthUnseen,
                q -> engine.recall(queries[q]));
            measure(out, label, "search:" + provider, k, efName, queries.length, repeats, truth,
                q -> index.search(userVectors[q], k, null, ef));
          }
        }
        if (index != exact) {
          index.close();
        }
      }
    }
  }

  /** One timed path: a warm-up pass, then {@code repeats} timed passes over every query. */
  private static void measure(Path out, String label, String path, int k, String ef, int n,
      int repeats, long[][] truth, java.util.function.IntFunction<TopK> call) {
    for (int q = 0; q < n; q++) {
      call.apply(q);
    }
    Latencies times = new Latencies();
    double hit = 0;
    for (int r = 0; r < repeats; r++) {
      for (int q = 0; q < n; q++) {
        long s = System.nanoTime();
        TopK top = call.apply(q);
        times.record(System.nanoTime() - s);
        if (r == 0) {
          int h = 0;
          for (int i = 0; i < top.size(); i++) {
            h += Arrays.binarySearch(truth[q], top.id(i)) >= 0 ? 1 : 0;
          }
          hit += (double) h / Math.max(1, truth[q].length);
        }
      }
    }
    double recall = hit / n;
    System.out.printf(Locale.ROOT, "| %s | %d | %s | %.4f | %.3f | %.3f | %.3f |%n", path, k, ef,
        recall, times.ms(50), times.ms(99), times.ms(99.9));
    ReferenceRun.append(out.resolve("searches.tsv"), String.format(Locale.ROOT,
        "%s\t%s\t%d\t%s\t%.4f\t%.4f\t%.4f\t%.4f", label, path, k, ef, recall,
        times.ms(50), times.ms(99), times.ms(99.9)));
  }

  private static long[] sorted(long[] ids) {
    long[] c = ids.clone();
    Arrays.sort(c);
    return c;
  }
}
