package io.github.vectorrecall.examples;

import io.github.vectorrecall.train.TwoTowerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Trains and evaluates on a data directory (MovieLens 100K, 1M or latest; the layout detected
 * from its files, or {@code --format}) or a generic interactions CSV ({@code --format csv}), by
 * the protocol: leave-last-out, full ranking, popularity beside the model; or, with {@code
 * --cold-start}, by the cold-start protocol ({@link ColdStartExperiment}).
 */
@Command(name = "evaluate", sortOptions = false, abbreviateSynopsis = true,
    description = {"The quickstart's run on a data set: a MovieLens directory (100K, 1M or"
        + " latest, detected from u.data / ratings.dat / ratings.csv) or an interactions CSV."})
final class Evaluate implements Callable<Integer> {
  @Spec
  CommandSpec spec;
  @Mixin
  DataOptions data;
  @Mixin
  ExperimentOptions experiment;
  @Mixin
  ColdStartOptions coldStart;
  @Mixin
  TrainingOptions training;
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    data.check("evaluate");
    experiment.check();
    coldStart.check();
    TwoTowerConfig config = training.config();
    if (coldStart.enabled()) {
      ColdStartExperiment.run(data.load(), config, coldStart, experiment,
          spec.commandLine().getOut());
    } else {
      Experiment.run(data.load(), config, experiment, spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    return 0;
  }
}
