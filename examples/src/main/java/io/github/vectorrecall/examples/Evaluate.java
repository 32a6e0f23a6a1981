package io.github.vectorrecall.examples;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.train.data.CsvInteractions;
import io.github.vectorrecall.train.data.MovieLens;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains and evaluates on a data directory (MovieLens 100K, 1M or latest; the layout detected
 * from its files, or {@code --format}) or a generic interactions CSV ({@code --format csv}), by
 * the protocol: leave-last-out, full ranking, popularity beside the model.
 */
final class Evaluate {
  private Evaluate() {}

  static void run(Options o) throws Exception {
    Experiment.run(load(o), o);
  }

  /** Reads the data set that {@code --data} (and {@code --format}) name. */
  static Dataset load(Options o) {
    String dir = o.string("data", null);
    if (dir == null) {
      throw new IllegalArgumentException("evaluate needs --data DIR (a MovieLens directory or a"
          + " CSV file with --format csv)");
    }
    Path path = Path.of(dir);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("--data " + dir + ": no such file or directory");
    }
    boolean skip = Boolean.parseBoolean(o.string("skip-bad-lines", "false"));
    String format = o.string("format", "auto");
    Dataset data;
    if (format.equals("csv")) {
      data = CsvInteractions.reader(path)
          .separator(o.string("separator", ","))
          .header(Boolean.parseBoolean(o.string("header", "true")))
          .columns(o.string("user-column", "user"), o.string("item-column", "item"),
              o.string("time-column", "timestamp"))
          .skipBadLines(skip)
          .read();
    } else {
      data = MovieLens.reader(path)
          .format(format.equals("auto") ? null : MovieLens.Format.parse(format))
          .skipBadLines(skip)
          .read();
    }
    return data;
  }
}
