package io.github.vectorrecall.examples;

import io.github.vectorrecall.train.eval.Evaluator;
import picocli.CommandLine.Option;

/**
 * The cold-start protocol's options of {@code evaluate} ({@link ColdStartExperiment}); without
 * {@code --cold-start} the ordinary evaluation runs.
 */
final class ColdStartOptions {
  /** Default seed of the choice of cold items. */
  static final long DEFAULT_SEED = 1L;

  @Option(names = "--cold-start", paramLabel = "FRACTION",
      description = "Run the cold-start protocol instead: this share of the catalog, drawn at"
          + " random, loses all its interactions in training, and users whose held-out item is"
          + " one of them rank the cold items only (model, feature profile, random).")
  Double fraction;

  @Option(names = "--cold-start-seed", paramLabel = "N",
      description = "Seed of the choice of cold items (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULT_SEED;

  @Option(names = "--cold-start-target", paramLabel = "test|validation",
      description = "Held-out item of the cold-start protocol: test (history train +"
          + " validation), or validation (history and training data: train) for model"
          + " selection (default: test).")
  Evaluator.Target target = Evaluator.Target.TEST;

  /** @return whether the cold-start protocol was asked for */
  boolean enabled() {
    return fraction != null;
  }

  /**
   * Checks the options before any work.
   *
   * @throws UsageException naming the option
   */
  void check() {
    if (fraction != null && !(fraction > 0 && fraction < 1)) {
      throw new UsageException("--cold-start must be in (0, 1); got " + fraction);
    }
    if (fraction == null && (seed != DEFAULT_SEED || target != Evaluator.Target.TEST)) {
      throw new UsageException(
          "--cold-start-seed and --cold-start-target need --cold-start FRACTION");
    }
  }
}
