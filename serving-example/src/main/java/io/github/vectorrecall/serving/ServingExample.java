package io.github.vectorrecall.serving;

import io.github.vectorrecall.AnnIndex;
import io.github.vectorrecall.Encoder;
import io.github.vectorrecall.RecallEngine;
import io.github.vectorrecall.TopK;
import io.github.vectorrecall.UserQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A serving process as a recommendation backend runs it: it loads a model the trainer saved with
 * the plain-Java encoder, loads the item index a build job saved, and answers recall requests
 * through {@link RecallEngine}. Its class path holds the API, {@code recall-model},
 * {@code recall-hnsw} and SLF4J: no PyTorch and no DJL.
 *
 * <pre>
 * java -jar examples/target/vectorrecall-examples.jar quickstart --model-dir /tmp/model \
 *     --index-file /tmp/items.hnsw
 * java -jar serving-example/target/serving-example.jar --model /tmp/model \
 *     --index /tmp/items.hnsw --users 1000000,1000001 --history 100001,100002 --k 10
 * </pre>
 */
public final class ServingExample {
  private ServingExample() {}

  /**
   * Serves recall for the users given on the command line and prints their top K.
   *
   * @param args {@code --model DIR --index FILE [--users ID,ID,...] [--history ID,ID,...]
   *     [--k K]}
   */
  public static void main(String[] args) {
    String model = null;
    String indexFile = null;
    long[] users = {1};
    long[] history = {};
    int k = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> model = args[i + 1];
        case "--index" -> indexFile = args[i + 1];
        case "--users" -> users = ids(args[i + 1]);
        case "--history" -> history = ids(args[i + 1]);
        case "--k" -> k = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null || indexFile == null || args.length % 2 != 0) {
      System.err.println("Usage: ServingExample --model DIR --index FILE [--users ID,ID,...]"
          + " [--history ID,ID,...] [--k K]");
      System.exit(2);
    }
    for (String line : serve(Path.of(model), Path.of(indexFile), users, history, k)) {
      System.out.println(line);
    }
  }

  /**
   * Loads the model and the index, recalls K items for each user (with the same recent history),
   * and formats one line per user.
   *
   * @param model a model directory written by the trainer
   * @param indexFile an index file written by {@link AnnIndex#save(Path)}
   * @param users user ids
   * @param history the recent items of each user, most recent last
   * @param k items per user
   * @return one line per user: id and the K item ids with scores, best first
   */
  public static List<String> serve(Path model, Path indexFile, long[] users, long[] history,
      int k) {
    List<String> lines = new ArrayList<>();
    try (Encoder encoder = Encoder.load("java", model);
        AnnIndex index = AnnIndex.load(indexFile);
        RecallEngine engine = RecallEngine.builder().encoder(encoder).index(index).k(k)
            .build()) {
      lines.add(String.format(Locale.ROOT, "%d items in a '%s' index, %d-d %s model",
          index.size(), index.provider(), encoder.dimension(), encoder.metric()));
      for (long user : users) {
        TopK top = engine.recall(UserQuery.builder(user).history(history).build());
        StringBuilder line = new StringBuilder("user ").append(user).append(':');
        for (int i = 0; i < top.size(); i++) {
          line.append(String.format(Locale.ROOT, " %d (%.3f)", top.id(i), top.score(i)));
        }
        lines.add(line.toString());
      }
    }
    return lines;
  }

  private static long[] ids(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
  }
}
