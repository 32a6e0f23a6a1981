package io.github.vectorrecall.examples;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The end-to-end path on the built-in synthetic data: check the options, generate, then run the
 * {@link Experiment} (split, train, save and reload, index, serve, report).
 */
@Command(name = "quickstart", sortOptions = false, abbreviateSynopsis = true,
    description = {"Generate synthetic data, train the two-tower model, build the index, serve"
        + " recall, and print quality (HR@K beside popularity) and latency."})
final class Quickstart implements Callable<Integer> {
  @Spec
  CommandSpec spec;
  @Mixin
  SyntheticOptions synthetic;
  @Mixin
  ExperimentOptions experiment;
  @Mixin
  TrainingOptions training;
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    SyntheticDataset generator = synthetic.generator();
    experiment.check();
    TwoTowerConfig config = training.config();
    Dataset data = generator.generate();
    PrintWriter out = spec.commandLine().getOut();
    Experiment.run(data, config, experiment, out, spec.commandLine().getErr());
    return 0;
  }
}
