package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.IdFilter;
import io.github.vectorrecall.IndexConfig;
import io.github.vectorrecall.Metric;
import io.github.vectorrecall.Quantization;
import io.github.vectorrecall.SearchMode;
import io.github.vectorrecall.TopK;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference comparison of the index providers on one data file: clustered unit vectors
 * (the reference data, {@link ClusteredVectors}; with {@code --data user-like}, {@link
 * UserLikeVectors} instead, at its defaults but for {@code --data-options name=value,...}, named
 * as its builder's setters), separate queries, inner product, M 16,
 * efConstruction 200. Size and dimension are {@code --items} (default 100,000), {@code --queries}
 * (1,000) and {@code --dim} (128). For each
 * provider: build time, then recall@K against brute force and per-query latency P50/P99/P99.9
 * over a ladder of ef on one search thread, the providers interleaved and the whole ladder
 * repeated; with {@code --filters 0.5,0.1,0.01,0.001}, also filtered search at those selectivities
 * (first K, last ef). It also writes the vectors as raw little-endian float32 files, so that
 * {@code recall-bench/scripts/native_hnswlib.py} can run native hnswlib on the same data, and
 * appends its figures to {@code builds.tsv} and {@code searches.tsv} in the output directory,
 * under {@code --label} (default {@code java}), for {@code recall-bench/scripts/compare.py}.
 *
 * <pre>{@code
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun \
 *     --out target/reference --providers hnsw,hnswlib --k 100,500 --ef 200,400,800,1200
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun \
 *     --out target/userlike --data user-like --items 200000 --dim 64 --providers hnsw,exact
 * }</pre>
 */
public final class ReferenceRun {
  /** The provider name that means {@code hnsw} with int8 codes, searched with GRAPH_INT8. */
  static final String HNSW_INT8 = "hnsw-int8";

  private ReferenceRun() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code --name value} options (see the class comment)
   * @throws IOException if the data files cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = ReferenceRun.options(args);
    int items = Integer.parseInt(o.getOrDefault("items", "100000"));
    int queries = Integer.parseInt(o.getOrDefault("queries", "1000"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "128"));
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    int[] ks = ints(o.getOrDefault("k", "100,500"));
    int[] efs = ints(o.getOrDefault("ef", "200,400,800,1200"));
    int[] buildThreads = ints(o.getOrDefault("build-threads", "2"));
    String[] providers = o.getOrDefault("providers", "hnsw,hnswlib,exact").split(",");
    Path out = Path.of(o.getOrDefault("out", "target/reference"));
    String label = o.getOrDefault("label", "java");
    Files.createDirectories(out);

    String data = o.getOrDefault("data", "reference");
    float[][] vectors;
    float[][] qs;
    String described;
    if (data.equals("reference")) {
      ClusteredVectors gen = ClusteredVectors.reference(dim);
      vectors = gen.sample(items);
      qs = gen.sample(queries);
      described = "reference: 1,000 clusters, sigma 0.6, seed 42";
    } else if (data.equals("user-like")) {
      UserLikeVectors gen = userLike(dim, o.getOrDefault("data-options", ""));
      UserLikeVectors.Sample sample = gen.generate(items, queries);
      vectors = sample.items();
      qs = sample.queries();
      described = gen.toString();
    } else {
      throw new IllegalArgumentException("Unknown --data '" + data
          + "'. Available: [reference, user-like]");
    }
    write(out.resolve("items.f32"), vectors);
    write(out.resolve("queries.f32"), qs);
    System.out.printf(Locale.ROOT, "Data: %d items x %d (%s), %d queries; written to %s%n", items,
        dim, described, queries, out.toAbsolutePath());
    long[] ids = new long[items];
    for (int i = 0; i < items; i++) {
      ids[i] = i;
    }
    IndexConfig base = IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16)
        .efConstruction(200).expectedSize(items).build();
    AnnIndex exact = AnnIndex.create("exact", base);
    exact.addAll(ids, vectors);
    Map<Integer, long[][]> truth = new LinkedHashMap<>();
    for (int k : ks) {
      long[][] t = new long[queries][];
      for (int q = 0; q < queries; q++) {
        t[q] = exact.search(qs[q], k).ids();
        Arrays.sort(t[q]);
      }
      truth.put(k, t);
    }

    List<AnnIndex> built = new ArrayList<>();
    System.out.printf("%n| provider | build threads | build s | peak heap MiB | heap after MiB "
        + "| ramBytesUsed B/item | file B/item |%n|---|---|---|---|---|---|---|%n");
    for (String p : providers) {
      AnnIndex keep = null;
      for (int threads : buildThreads) {
        if (p.equals("exact")) {
          keep = exact;
          break;
        }
        if (keep != null) {
          keep.close();
        }
        IndexConfig c = IndexConfig.builder(dim).metric(Metric.INNER_PRODUCT).m(16)
            .efConstruction(200).expectedSize(items).buildThreads(threads)
            .quantization(p.equals(HNSW_INT8) ? Quantization.INT8 : Quantization.NONE).build();
        HeapWatch heap = HeapWatch.start();
        long t0 = System.nanoTime();
        AnnIndex idx = AnnIndex.create(p.equals(HNSW_INT8) ? "hnsw" : p, c);
        idx.addAll(ids, vectors);
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = heap.peakBytes();
        long after = heap.retainedBytes();
        Path file = out.resolve("index-" + p + ".bin");
        idx.save(file);
        long fileBytes = Files.size(file);
        Files.delete(file);
        long ram = idx.ramBytesUsed();
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %d | %d | %s | %.0f |%n", p, threads, s,
            peak >> 20, after >> 20, ram < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f",
                (double) ram / items), (double) fileBytes / items);
        append(out.resolve("builds.tsv"), String.format(Locale.ROOT, "%s\t%s\t%d\t%.2f",
            label, p, threads, s));
        keep = idx;
      }
      built.add(keep);
    }

    // warm-up: every configuration once over all queries (exact ignores ef: once per K)
    for (int pi = 0; pi < built.size(); pi++) {
      AnnIndex idx = built.get(pi);
      for (int k : ks) {
        for (int ef : idx == exact ? new int[] {efs[0]} : efs) {
          for (float[] q : qs) {
            idx.search(q, k, null, ef, graphMode(providers[pi]));
          }
        }
      }
    }
    Map<String, Latencies> samples = new LinkedHashMap<>();
    Map<String, Double> recall = new LinkedHashMap<>();
    for (int r = 0; r < repeats; r++) {
      for (int k : ks) {
        for (int ef : efs) {
          for (int pi = 0; pi < built.size(); pi++) {
            AnnIndex idx = built.get(pi);
            boolean isExact = providers[pi].equals("exact");
            if (isExact && ef != efs[0]) {
              continue;
            }
            String key = providers[pi] + "|" + k + "|" + (isExact ? "-" : ef);
            Latencies times = samples.computeIfAbsent(key, x -> new Latencies());
            double hit = 0;
            long[][] t = truth.get(k);
            for (int q = 0; q < qs.length; q++) {
              long s = System.nanoTime();
              TopK top = idx.search(qs[q], k, null, ef, graphMode(providers[pi]));
              times.record(System.nanoTime() - s);
              if (r == 0) {
                int h = 0;
                for (int i = 0; i < top.size(); i++) {
                  if (Arrays.binarySearch(t[q], top.id(i)) >= 0) {
                    h++;
                  }
                }
                hit += (double) h / k;
              }
            }
            if (r == 0) {
              recall.put(key, hit / qs.length);
            }
          }
        }
      }
    }
    System.out.printf("%n| provider | K | ef | recall@K | P50 ms | P99 ms | P99.9 ms |%n"
        + "|---|---|---|---|---|---|---|%n");
    for (Map.Entry<String, Latencies> e : samples.entrySet()) {
      String[] parts = e.getKey().split("\\|");
      Latencies t = e.getValue();
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.4f | %.3f | %.3f | %.3f |%n", parts[0],
          parts[1], parts[2], recall.get(e.getKey()), t.ms(50), t.ms(99), t.ms(99.9));
      append(out.resolve("searches.tsv"), String.format(Locale.ROOT,
          "%s\t%s\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f", label, parts[0], parts[1], parts[2],
          recall.get(e.getKey()), t.ms(50), t.ms(99), t.ms(99.9)));
    }
    double[] selectivities = doubles(o.getOrDefault("filters", ""));
    if (selectivities.length > 0) {
      filtered(built, providers, exact, qs, ks[0], efs[efs.length - 1], selectivities);
    }
    for (AnnIndex idx : built) {
      if (idx != exact) {
        idx.close();
      }
    }
    exact.close();
  }

  /**
   * Filtered top-K: a filter passing a fraction of the ids (a fixed pseudo-random subset), recall
   * against exact filtered search, whether every result holds min(K, passing) ids, and latency.
   */
  private static void filtered(List<AnnIndex> built, String[] providers, AnnIndex exact,
      float[][] qs, int k, int ef, double[] selectivities) {
    System.out.printf("%n| provider | filter passes | K | ef | recall@K | results = min(K, passing) "
        + "| P50 ms | P99 ms |%n|---|---|---|---|---|---|---|---|%n");
    for (double sel : selectivities) {
      long threshold = Math.round(sel * 1_000_000);
      IdFilter filter = id -> Math.floorMod(id * 0x9E3779B97F4A7C15L, 1_000_000L) < threshold;
      long passing = 0;
      for (long id = 0; id < exact.size(); id++) {
        passing += filter.accept(id) ? 1 : 0;
      }
      int want = (int) Math.min(k, passing);
      long[][] truth = new long[qs.length][];
      for (int q = 0; q < qs.length; q++) {
        truth[q] = exact.search(qs[q], k, filter).ids();
        Arrays.sort(truth[q]);
      }
      for (int pi = 0; pi < built.size(); pi++) {
        AnnIndex idx = built.get(pi);
        Latencies times = new Latencies();
        double hit = 0;
        boolean full = true;
        for (int r = 0; r < 2; r++) {
          for (int q = 0; q < qs.length; q++) {
            long s = System.nanoTime();
            TopK top = idx.search(qs[q], k, filter, ef);
            long nanos = System.nanoTime() - s;
            if (r == 1) {
              times.record(nanos);
              full &= top.size() == want;
              int h = 0;
              for (int i = 0; i < top.size(); i++) {
                h += Arrays.binarySearch(truth[q], top.id(i)) >= 0 ? 1 : 0;
              }
              hit += want == 0 ? 1 : (double) h / want;
            }
          }
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f%% (%d) | %d | %s | %.4f | %s | %.3f | %.3f |%n",
            providers[pi], 100 * sel, passing, k, providers[pi].equals("exact") ? "-" : ef,
            hit / qs.length, full ? "yes" : "NO", times.ms(50), times.ms(99));
      }
    }
  }

  /**
   * A {@link UserLikeVectors} at its defaults but for the parameters named in {@code options},
   * comma-separated {@code name=value} pairs named as the builder's setters ({@code liked} as
   * {@code minLiked} and {@code maxLiked}), for example {@code clusters=1000,spread=0.6}.
   *
   * @throws IllegalArgumentException naming an unknown parameter or a malformed pair
   */
  static UserLikeVectors userLike(int dim, String options) {
    UserLikeVectors.Builder b = UserLikeVectors.builder(dim);
    int minLiked = UserLikeVectors.DEFAULT_MIN_LIKED;
    int maxLiked = UserLikeVectors.DEFAULT_MAX_LIKED;
    for (String pair : options.isBlank() ? new String[0] : options.split(",")) {
      String[] kv = pair.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("--data-options needs name=value pairs; got '" + pair
            + "'");
      }
      String v = kv[1].trim();
      switch (kv[0].trim()) {
        case "clusters" -> b.clusters(Integer.parseInt(v));
        case "clusterSizeExponent" -> b.clusterSizeExponent(Double.parseDouble(v));
        case "axes" -> b.axes(Integer.parseInt(v));
        case "axisDecay" -> b.axisDecay(Double.parseDouble(v));
        case "spread" -> b.spread(Double.parseDouble(v));
        case "popularityExponent" -> b.popularityExponent(Double.parseDouble(v));
        case "userClusters" -> b.userClusters(Integer.parseInt(v));
        case "minLiked" -> minLiked = Integer.parseInt(v);
        case "maxLiked" -> maxLiked = Integer.parseInt(v);
        case "strayLikes" -> b.strayLikes(Double.parseDouble(v));
        case "queryNoise" -> b.queryNoise(Double.parseDouble(v));
        case "seed" -> b.seed(Long.parseLong(v));
        default -> throw new IllegalArgumentException("Unknown --data-options parameter '"
            + kv[0].trim() + "'. Available: [clusters, clusterSizeExponent, axes, axisDecay, "
            + "spread, popularityExponent, userClusters, minLiked, maxLiked, strayLikes, "
            + "queryNoise, seed]");
      }
    }
    return b.liked(minLiked, maxLiked).build();
  }

  /** {@code --name value} pairs, in order, without the dashes. */
  /**
   * The mode a provider's searches are timed in: the graph walk for {@code hnsw} (so that its
   * AUTO never swaps in a scan at a large ef), on int8 codes for {@value #HNSW_INT8}, the
   * provider's own search otherwise.
   */
  private static SearchMode graphMode(String provider) {
    return provider.equals(HNSW_INT8) ? SearchMode.GRAPH_INT8
        : provider.equals("hnsw") ? SearchMode.GRAPH : SearchMode.AUTO;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return o;
  }

  /** Appends one tab-separated row, for {@code scripts/compare.py}. */
  static void append(Path file, String row) {
    try {
      Files.writeString(file, row + "\n", java.nio.charset.StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double[] doubles(String csv) {
    return csv.isBlank() ? new double[0]
        : Arrays.stream(csv.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  /** Rows of float32, little-endian, no header: n × dim floats. */
  static void write(Path file, float[][] rows) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
      for (float[] r : rows) {
        buf.clear();
        buf.asFloatBuffer().put(r);
        out.write(buf.array());
      }
    }
  }
}
