package io.github.vectorrecall.examples;

import static io.github.vectorrecall.examples.OptionChecks.positive;
import static io.github.vectorrecall.examples.OptionChecks.setting;

import io.github.vectorrecall.spi.AnnIndexProvider;
import io.github.vectorrecall.spi.EncoderProvider;
import io.github.vectorrecall.spi.Providers;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The index, serving and output options of {@code quickstart} and {@code evaluate}. */
final class ExperimentOptions {
  @Option(names = "--index", paramLabel = "hnsw|hnswlib|voyager|exact",
      description = "Index provider (default: ${DEFAULT-VALUE}).")
  String index = "hnsw";

  @Option(names = "--k", paramLabel = "K",
      description = "Result size of the recall latency figure and of ANN recall (at most half"
          + " the catalog); above the catalog it is lowered to the catalog size, with a warning"
          + " (default: ${DEFAULT-VALUE}).")
  int k = 500;

  @Option(names = "--ef", paramLabel = "EF",
      description = "Search effort (default: ${DEFAULT-VALUE}).")
  int ef = 600;

  @Option(names = "--queries", paramLabel = "N",
      description = "Recall requests timed for the latency figure (default: ${DEFAULT-VALUE}).")
  int queries = 10_000;

  @Option(names = "--serve-encoder", paramLabel = "java|torch",
      description = "Encoder that serves recall: java needs no native library"
          + " (default: ${DEFAULT-VALUE}).")
  String serveEncoder = "java";

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "Save the trained model here and keep it; without it the model goes to a"
          + " temporary directory deleted at exit.")
  Path modelDir;

  @Option(names = "--index-file", paramLabel = "FILE",
      description = "Save the index here, for a serving process (serving-example).")
  Path indexFile;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Write the figures as JSON (EVAL.md \"Reporting as JSON\").")
  Path json;

  /**
   * Checks every option before any work: positive numbers, providers that exist, output paths
   * that can be written.
   *
   * @throws UsageException naming the option
   */
  void check() {
    positive("--k", k);
    positive("--ef", ef);
    positive("--queries", queries);
    setting("--index", () -> Providers.select(AnnIndexProvider.class, index));
    setting("--serve-encoder", () -> Providers.select(EncoderProvider.class, serveEncoder));
    if (modelDir != null) {
      OptionChecks.outputDirectory("--model-dir", modelDir);
    }
    if (indexFile != null) {
      OptionChecks.outputFile("--index-file", indexFile);
    }
    if (json != null) {
      OptionChecks.outputFile("--json", json);
    }
  }
}
