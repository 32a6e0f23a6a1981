package io.github.vectorrecall.train.data;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads interactions from any delimited file, given which columns hold the user id, the item id
 * and the timestamp. Ids must be integers; the timestamp is any number (seconds, milliseconds:
 * only the order matters). Users and items get no features.
 *
 * <pre>{@code
 * Dataset data = CsvInteractions.reader(Path.of("events.csv"))
 *     .columns("customer", "sku", "ts")        // header names, or "0", "3", "5" for positions
 *     .read();
 * }</pre>
 */
public final class CsvInteractions {
  private final Path file;
  private String separator = ",";
  private boolean header = true;
  private String userColumn = "user";
  private String itemColumn = "item";
  private String timeColumn = "timestamp";
  private boolean skipBadLines;

  private CsvInteractions(Path file) {
    this.file = file;
  }

  /**
   * Starts reading a file.
   *
   * @param file the file
   * @return a reader with defaults: comma, a header, columns {@code user,item,timestamp}
   */
  public static CsvInteractions reader(Path file) {
    return new CsvInteractions(Objects.requireNonNull(file, "file"));
  }

  /**
   * Sets the field separator.
   *
   * @param separator one character, or a string such as {@code ::}
   * @return this
   */
  public CsvInteractions separator(String separator) {
    if (separator == null || separator.isEmpty()) {
      throw new IllegalArgumentException("separator must not be empty");
    }
    this.separator = separator;
    return this;
  }

  /**
   * Says whether the first line is a header.
   *
   * @param header true if it is
   * @return this
   */
  public CsvInteractions header(boolean header) {
    this.header = header;
    return this;
  }

  /**
   * Names the columns: header names, or 0-based positions written as numbers.
   *
   * @param user the user-id column
   * @param item the item-id column
   * @param timestamp the timestamp column
   * @return this
   */
  public CsvInteractions columns(String user, String item, String timestamp) {
    this.userColumn = Objects.requireNonNull(user, "user");
    this.itemColumn = Objects.requireNonNull(item, "item");
    this.timeColumn = Objects.requireNonNull(timestamp, "timestamp");
    return this;
  }

  /**
   * Skips (counts and logs) bad lines instead of failing on the first.
   *
   * @param skip whether to skip
   * @return this
   */
  public CsvInteractions skipBadLines(boolean skip) {
    this.skipBadLines = skip;
    return this;
  }

  /**
   * Reads the file.
   *
   * @return the interactions, named after the file
   * @throws DataFileException on a bad line or an unknown column
   */
  public Dataset read() {
    boolean quoted = separator.length() == 1;
    DelimitedFile f =
        new DelimitedFile(file, separator, quoted, StandardCharsets.UTF_8, header, skipBadLines);
    List<Interaction> out = new ArrayList<>();
    int[] cols = new int[3];
    boolean[] resolved = new boolean[1];
    f.read(row -> {
      if (!resolved[0]) {
        List<String> names = f.header();
        cols[0] = column(userColumn, names);
        cols[1] = column(itemColumn, names);
        cols[2] = column(timeColumn, names);
        resolved[0] = true;
      }
      row.require(Math.max(cols[0], Math.max(cols[1], cols[2])) + 1);
      out.add(new Interaction(row.longAt(cols[0], "user id"), row.longAt(cols[1], "item id"),
          row.timestampAt(cols[2], "timestamp")));
    });
    if (out.isEmpty()) {
      throw new DataFileException(file, 0, "no interactions");
    }
    return Dataset.of(String.valueOf(file.getFileName()), out, List.of(), List.of());
  }

  private int column(String name, List<String> names) {
    int i = names.indexOf(name);
    if (i >= 0) {
      return i;
    }
    try {
      int p = Integer.parseInt(name);
      if (p >= 0) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DataFileException(file, 1, "no column '" + name + "'"
        + (header ? " in header " + names : " (without a header, give 0-based positions)"));
  }
}
