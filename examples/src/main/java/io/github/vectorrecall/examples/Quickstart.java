package io.github.vectorrecall.examples;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.data.SyntheticDataset;

/**
 * The end-to-end path on the built-in synthetic data: generate, then run the {@link Experiment}
 * (split, train, save and reload, index, serve, report).
 */
final class Quickstart {
  private Quickstart() {}

  static void run(Options o) throws Exception {
    int users = o.integer("users", SyntheticDataset.DEFAULT_USERS);
    int items = o.integer("items", SyntheticDataset.DEFAULT_ITEMS);
    Dataset data = SyntheticDataset.builder().users(users).items(items).generate();
    Experiment.run(data, o);
  }
}
