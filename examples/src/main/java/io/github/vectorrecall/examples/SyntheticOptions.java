package io.github.vectorrecall.examples;

import static io.github.vectorrecall.examples.OptionChecks.setting;

import io.github.vectorrecall.train.data.SyntheticDataset;
import picocli.CommandLine.Option;

/** Size of the built-in synthetic data set. */
final class SyntheticOptions {
  @Option(names = "--users", paramLabel = "N",
      description = "Synthetic users (default: ${DEFAULT-VALUE}).")
  int users = SyntheticDataset.DEFAULT_USERS;

  @Option(names = "--items", paramLabel = "N",
      description = "Synthetic catalog items, at least 10 (default: ${DEFAULT-VALUE}).")
  int items = SyntheticDataset.DEFAULT_ITEMS;

  @Option(names = "--mean-interactions", paramLabel = "N",
      description = "Synthetic interactions per user on average, at least 3 (default: "
          + "${DEFAULT-VALUE}; MovieLens 1M's shape is --users 6040 --items 3706 "
          + "--mean-interactions 165).")
  int meanInteractions = SyntheticDataset.DEFAULT_MEAN_INTERACTIONS;

  /**
   * The generator, its sizes checked.
   *
   * @throws UsageException naming the option the generator refuses
   */
  SyntheticDataset generator() {
    SyntheticDataset g = SyntheticDataset.builder();
    setting("--users", () -> g.users(users));
    setting("--items", () -> g.items(items));
    setting("--mean-interactions", () -> g.meanInteractions(meanInteractions));
    return g;
  }
}
