package io.github.vectorrecall.examples;

import java.util.Arrays;

/**
 * Entry point of the runnable jar: {@code java -jar vectorrecall-examples.jar COMMAND [options]}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs a command.
   *
   * @param args the command and its options
   * @throws Exception if the command fails
   */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      usage();
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "quickstart" -> Quickstart.run(Options.parse(rest));
      case "evaluate" -> Evaluate.run(Options.parse(rest));
      case "ablation" -> Ablation.run(Options.parse(rest));
      default -> {
        System.err.println("Unknown command '" + args[0] + "'.");
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.out.println("""
        Usage: java -jar examples/target/vectorrecall-examples.jar COMMAND [options]

        Commands:
          quickstart   generate synthetic data, train the two-tower model, build the HNSW index,
                       serve recall, print quality (HR@K vs popularity) and latency
                       options: --json FILE  --users N  --items N  --epochs N  --queries N
                                --index hnsw|hnswlib|exact  --k K  --ef EF  --model-dir DIR
                                --index-file FILE (save the index, for serving-example)
                                --serve-encoder java|torch (default java: no native library)
          evaluate     the same on a data set: --data DIR (MovieLens 100K/1M/latest, detected
                       from u.data / ratings.dat / ratings.csv) [--format ml-100k|ml-1m|ml-latest|csv]
                       [--skip-bad-lines true]; for --format csv: --separator , --header true
                       --user-column user --item-column item --time-column timestamp;
                       and the quickstart's training, index and --json options
          ablation     train one variant per row (pooling, no sequence, no features, negatives,
                       logQ, BPR, temperature, early stopping) on the same split and print test
                       HR@K: --data DIR (or the synthetic data without it) [--only TEXT] [--json FILE]

        Training options (quickstart, evaluate, ablation): --epochs N (maximum) --patience N
          --pooling recency|mean|attention|none --loss softmax|bpr
          --negatives in_batch|uniform|popularity|mixed --sampled N --logq true|false
          --temperature T --lr LR --refit true|false --seed N
          --checkpoint DIR (write a checkpoint every epoch; rerun the same command to resume)
        """);
  }
}
