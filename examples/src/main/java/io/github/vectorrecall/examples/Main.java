package io.github.vectorrecall.examples;

import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.train.TwoTowerConfig;
import io.github.vectorrecall.train.eval.Evaluator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the runnable jar: {@code java -jar vectorrecall-examples.jar COMMAND [options]}.
 * An error prints one line, {@code error: <what>} (the stack trace too with {@code --verbose}),
 * and exits with {@link #USAGE_ERROR} for a command line that cannot run, {@link #DATA_ERROR}
 * for everything that fails once the work has started (a bad data file, a corrupt file, I/O).
 */
@Command(name = "java -jar vectorrecall-examples.jar",
    synopsisSubcommandLabel = "COMMAND",
    description = {"The recall stage end to end: train the two-tower model, index the catalog,"
        + " serve recall and measure it. Every command checks its options before any work;"
        + " 'COMMAND --help' lists its options."},
    subcommands = {Quickstart.class, Evaluate.class, Ablation.class, Export.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit status: 0 success, 1 data or I/O error (bad data file, corrupt file,"
        + " I/O), 2 usage error (unknown option, bad value), each with a one-line"
        + " 'error: ...' on standard error; --verbose adds the stack trace."})
public final class Main implements Callable<Integer> {
  /** Exit status of a command line that cannot run: an unknown option, a bad value. */
  public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;
  /** Exit status of a failure once the work has started: bad data, a corrupt file, I/O. */
  public static final int DATA_ERROR = CommandLine.ExitCode.SOFTWARE;

  @Spec
  CommandSpec spec;
  @Mixin
  CommonOptions common;

  Main() {}

  /**
   * Runs a command and exits with its status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs a command without exiting.
   *
   * @param args the command and its options
   * @param out where reports and help go
   * @param err where warnings and errors go
   * @return the exit status: 0, {@link #DATA_ERROR} or {@link #USAGE_ERROR}
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    boolean verbose = Arrays.asList(args).contains("--verbose");
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    ErrorReporter errors = new ErrorReporter(e, verbose);
    try {
      CommandLine cl = commandLine(o, e);
      cl.setParameterExceptionHandler((ex, given) -> errors.usage(ex));
      cl.setExecutionExceptionHandler((ex, c, parsed) -> errors.failure(ex));
      return cl.execute(args);
    } catch (RuntimeException | Error t) { // thrown past picocli's handlers
      return errors.failure(t);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** The commands and their options, writing help to {@code out}; tests parse with it too. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setUsageHelpLongOptionsMaxWidth(30);
    // Enum values as the old parser took them: any case, '-' or '_' (in-batch, IN_BATCH).
    cl.registerConverter(Pooling.class, new EnumConverter<>(Pooling.class));
    cl.registerConverter(TwoTowerConfig.Loss.class,
        new EnumConverter<>(TwoTowerConfig.Loss.class));
    cl.registerConverter(TwoTowerConfig.Negatives.class,
        new EnumConverter<>(TwoTowerConfig.Negatives.class));
    cl.registerConverter(Evaluator.Target.class, new EnumConverter<>(Evaluator.Target.class));
    return cl;
  }

  /** Without a command: the overview. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
