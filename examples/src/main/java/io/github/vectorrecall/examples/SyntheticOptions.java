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

  /**
   * The generator, its sizes checked.
   *
   * @throws UsageException naming the option the generator refuses
   */
  SyntheticDataset generator() {
    SyntheticDataset g = SyntheticDataset.builder();
    setting("--users", () -> g.users(users));
    setting("--items", () -> g.items(items));
    return g;
  }
}
