package io.github.vectorrecall.bench;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole recall path through the public API, and its parts, so a user sees where the time
 * goes: {@link #recall} (encode one user from id, features and up to 50 recent items, search,
 * exclude the seen items), {@link #encodeUser} (the user tower alone) and {@link #search} (the
 * index alone, on vectors encoded beforehand).
 *
 * <p>The trial setup generates a seeded synthetic catalog, trains the default two-tower model for
 * one epoch on it (latency does not depend on how well the weights fit), saves it and loads it
 * with the encoder provider of the run ({@code torch} or {@code java}), encodes every item,
 * builds the index, and prints the ANN recall@K of the user vectors against brute force.
 *
 * <pre>{@code
 * java -jar recall-bench/target/benchmarks.jar RecallEngine -p provider=hnswlib -p k=500
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 2, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch",
    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1"})
public class RecallEngineBenchmark {
  /** Index provider name. */
  @Param({"hnsw", "hnswlib", "exact"})
  public String provider;

  /** Catalog size. */
  @Param({"100000"})
  public int items;

  /** Output vector dimension of the model. */
  @Param({"64"})
  public int dimension;

  /**
   * Members of the trained model ({@code TwoTowerConfig.ensembleSize}): the served vector has
   * {@code ensemble * dimension} floats.
   */
  @Param({"1"})
  public int ensemble;

  /** Users per call of {@link #recallBatch}. */
  @Param({"32"})
  public int batch;

  /**
   * Encoder serving the trained model: {@code torch} (DJL forward pass) or {@code java} (the
   * same towers in plain Java).
   */
  @Param({"torch", "java"})
  public String encoderProvider;

  /** Users generated; each benchmark query is one of them. */
  @Param({"500"})
  public int users;

  /** Result size. */
  @Param({"500"})
  public int k;

  /** Search effort (ignored by exact search). */
  @Param({"800"})
  public int ef;

  private Encoder encoder;
  private AnnIndex index;
  private RecallEngine engine;
  private UserQuery[] queries;
  private float[][] userVectors;
  private Path modelDir;

  /** Generates data, trains, encodes, indexes, and measures recall. */
  @Setup(Level.Trial)
  public void setUp() {
    Dataset data = SyntheticDataset.builder().users(users).items(items).generate();
    // One epoch, no hold-out: latency does not depend on how well the weights fit.
    TwoTowerConfig config = TwoTowerConfig.builder()
        .common(TrainerConfig.builder().epochs(1).seed(42).build()).patience(0)
        .dimension(dimension).ensembleSize(ensemble).build();
    try (Trainer trainer = new TwoTowerTrainer(config);
        Encoder trained = trainer.train(data, TrainingListener.NONE)) {
      modelDir = Files.createTempDirectory("vectorrecall-bench-model");
      trained.save(modelDir);
      encoder = Encoder.load(encoderProvider, modelDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ItemFeatures> catalog = new ArrayList<>(data.items().values());
    float[][] vectors = encoder.encodeItems(catalog);
    long[] ids = catalog.stream().mapToLong(ItemFeatures::itemId).toArray();
    IndexConfig indexConfig = IndexConfig.builder(encoder.dimension()).metric(encoder.metric())
        .expectedSize(items).efSearch(ef).build();
    index = AnnIndex.create(provider, indexConfig);
    index.addAll(ids, vectors);
    engine = RecallEngine.builder().encoder(encoder).index(index).k(k).ef(ef).build();

    queries = UserQueries.of(data, users).toArray(new UserQuery[0]);
    userVectors = encoder.encodeUsers(Arrays.asList(queries));
    try (AnnIndex exact = AnnIndex.create("exact", indexConfig)) {
      exact.addAll(ids, vectors);
      double recall = AnnRecall.measure(index, exact, userVectors, k, ef);
      System.out.printf(Locale.ROOT, "%n[recall] provider=%s encoder=%s items=%d dimension=%d"
          + " k=%d ef=%d user-vector recall@%d=%.4f%n", provider, encoderProvider, items,
          dimension, k, ef, k, recall);
    }
  }

  /** Closes what the setup opened. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    index.close();
    encoder.close();
    try (java.util.stream.Stream<Path> files = Files.walk(modelDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Encode, search, exclude seen items: {@code RecallEngine.recall}.
   *
   * @param cursor this thread's position in the queries
   * @return K ids, consumed by JMH
   */
  @Benchmark
  public TopK recall(Cursor cursor) {
    return engine.recall(queries[cursor.next(queries.length)]);
  }

  /**
   * {@code RecallEngine.recall} for {@link #batch} users at once (their towers run as one
   * batch); divide the time by the batch for the cost per user.
   *
   * @param cursor this thread's position in the queries
   * @return the results, consumed by JMH
   */
  @Benchmark
  public List<TopK> recallBatch(Cursor cursor) {
    List<UserQuery> list = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      list.add(queries[cursor.next(queries.length)]);
    }
    return engine.recall(list);
  }

  /**
   * The user tower alone.
   *
   * @param cursor this thread's position in the queries
   * @return the user vector, consumed by JMH
   */
  @Benchmark
  public float[] encodeUser(Cursor cursor) {
    return encoder.encodeUser(queries[cursor.next(queries.length)]);
  }

  /**
   * The index alone, on user vectors encoded in the setup (no exclusion).
   *
   * @param cursor this thread's position in the queries
   * @return K ids, consumed by JMH
   */
  @Benchmark
  public TopK search(Cursor cursor) {
    return index.search(userVectors[cursor.next(userVectors.length)], k, null, ef);
  }
}
