package io.github.vectorrecall.examples;

import static io.github.vectorrecall.examples.OptionChecks.setting;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.data.CsvInteractions;
import io.github.vectorrecall.train.data.MovieLens;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the data set is and how to read it: a MovieLens directory (100K, 1M or latest, detected
 * from its files, or {@code --format}) or a generic interactions CSV ({@code --format csv}).
 */
final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR",
      description = "A MovieLens directory (u.data, ratings.dat or ratings.csv), or the CSV file"
          + " of --format csv.")
  Path data;

  @Option(names = "--format", paramLabel = "auto|ml-100k|ml-1m|ml-latest|csv",
      description = "Layout of --data; auto detects MovieLens from its files"
          + " (default: ${DEFAULT-VALUE}).")
  String format = "auto";

  @Option(names = "--skip-bad-lines", arity = "1", paramLabel = "true|false",
      description = "Count and log bad lines instead of stopping at the first"
          + " (default: ${DEFAULT-VALUE}).")
  boolean skipBadLines;

  @Option(names = "--separator", paramLabel = "SEP",
      description = "CSV field separator (default: ${DEFAULT-VALUE}).")
  String separator = ",";

  @Option(names = "--header", arity = "1", paramLabel = "true|false",
      description = "The CSV file starts with a header line (default: ${DEFAULT-VALUE}).")
  boolean header = true;

  @Option(names = "--user-column", paramLabel = "NAME",
      description = "CSV user column (default: ${DEFAULT-VALUE}).")
  String userColumn = "user";

  @Option(names = "--item-column", paramLabel = "NAME",
      description = "CSV item column (default: ${DEFAULT-VALUE}).")
  String itemColumn = "item";

  @Option(names = "--time-column", paramLabel = "NAME",
      description = "CSV timestamp column (default: ${DEFAULT-VALUE}).")
  String timeColumn = "timestamp";

  /** Whether {@code --data} was given. */
  boolean given() {
    return data != null;
  }

  /**
   * Checks the options before any work.
   *
   * @param command the command, for the message when --data is missing
   * @throws UsageException naming the option
   */
  void check(String command) {
    if (data == null) {
      throw new UsageException(command + " needs --data DIR (a MovieLens directory, or a CSV"
          + " file with --format csv)");
    }
    if (!Files.exists(data)) {
      throw new UsageException("--data " + data + ": no such file or directory");
    }
    if (!format.equals("auto") && !format.equals("csv")) {
      setting("--format", () -> MovieLens.Format.parse(format));
    }
    if (format.equals("csv") && Files.isDirectory(data)) {
      throw new UsageException("--data " + data + ": is a directory; --format csv reads a file");
    }
    if (separator.isEmpty()) {
      throw new UsageException("--separator must not be empty");
    }
  }

  /**
   * Reads the data set.
   *
   * @return the data
   * @throws io.github.vectorrecall.train.data.DataFileException if a file cannot be read as
   *     its format says
   */
  Dataset load() {
    if (format.equals("csv")) {
      return CsvInteractions.reader(data)
          .separator(separator)
          .header(header)
          .columns(userColumn, itemColumn, timeColumn)
          .skipBadLines(skipBadLines)
          .read();
    }
    return MovieLens.reader(data)
        .format(format.equals("auto") ? null : MovieLens.Format.parse(format))
        .skipBadLines(skipBadLines)
        .read();
  }
}
