package io.github.vectorrecall.examples;

import picocli.CommandLine.Option;

/** {@code --help} and {@code --verbose}, on every command. */
final class CommonOptions {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
  boolean help;

  /** Read by {@link Main} from the raw arguments, so that it also applies to parse errors. */
  @Option(names = "--verbose",
      description = "On an error, print the Java stack trace after the one-line message.")
  boolean verbose;
}
