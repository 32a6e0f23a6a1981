package io.github.vectorrecall.train.data;

import io.github.vectorrecall.RecallIOException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a delimited text file line by line, hands each row's fields to a consumer, and turns a
 * bad row into a {@link DataFileException} naming file, line and value, or, when the caller
 * allows it, counts and logs it and goes on.
 */
final class DelimitedFile {
  private static final Logger LOG = LoggerFactory.getLogger(DelimitedFile.class);

  /** One row of fields. */
  interface RowConsumer {
    void accept(Row row);
  }

  private final Path file;
  private final String separator;
  private final boolean quoted;
  private final Charset charset;
  private final boolean header;
  private final boolean skipBadLines;
  private long skipped;
  private List<String> head = List.of();

  DelimitedFile(Path file, String separator, boolean quoted, Charset charset, boolean header,
      boolean skipBadLines) {
    this.file = file;
    this.separator = separator;
    this.quoted = quoted;
    this.charset = charset;
    this.header = header;
    this.skipBadLines = skipBadLines;
  }

  /**
   * Reads the file.
   *
   * @param consumer gets each data row; {@link #header()} is set before the first
   */
  void read(RowConsumer consumer) {
    try (BufferedReader in = Files.newBufferedReader(file, charset)) {
      String text;
      long line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        try {
          List<String> fields = split(text, line);
          if (header && head.isEmpty()) {
            head = fields;
            continue;
          }
          consumer.accept(new Row(this, line, fields));
        } catch (DataFileException e) {
          if (!skipBadLines) {
            throw e;
          }
          if (skipped++ < 5) {
            LOG.warn("Skipping a bad line: {}", e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new RecallIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (skipped > 0) {
      LOG.warn("Skipped {} bad line(s) of {}", skipped, file);
    }
  }

  /** The header's fields, or an empty list without one (or before it is read). */
  List<String> header() {
    return head;
  }

  long skipped() {
    return skipped;
  }

  Path file() {
    return file;
  }

  private List<String> split(String text, long line) {
    List<String> out = new ArrayList<>();
    if (!quoted) {
      int from = 0;
      while (true) {
        int at = text.indexOf(separator, from);
        if (at < 0) {
          out.add(text.substring(from));
          return out;
        }
        out.add(text.substring(from, at));
        from = at + separator.length();
      }
    }
    // RFC 4180 style: a field in double quotes may hold the separator and "" for a quote.
    StringBuilder field = new StringBuilder();
    boolean inQuotes = false;
    char sep = separator.charAt(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            inQuotes = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        inQuotes = true;
      } else if (c == sep) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (inQuotes) {
      throw new DataFileException(file, line, "unterminated quoted field in '" + text + "'");
    }
    out.add(field.toString());
    return out;
  }

  /** The fields of one line, with parsing that names the line on error. */
  static final class Row {
    private final DelimitedFile source;
    private final long line;
    private final List<String> fields;

    Row(DelimitedFile source, long line, List<String> fields) {
      this.source = source;
      this.line = line;
      this.fields = fields;
    }

    int size() {
      return fields.size();
    }

    long line() {
      return line;
    }

    /** Fails unless the row has at least {@code n} fields. */
    Row require(int n) {
      if (fields.size() < n) {
        throw error("expected at least " + n + " fields separated by '" + source.separator
            + "', found " + fields.size() + " in '" + String.join(source.separator, fields) + "'");
      }
      return this;
    }

    String text(int i) {
      return fields.get(i).trim();
    }

    long longAt(int i, String what) {
      String s = text(i);
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw error(what + " '" + s + "' is not an integer");
      }
    }

    /** A timestamp: integer seconds, or a decimal number of seconds (truncated). */
    long timestampAt(int i, String what) {
      String s = text(i);
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(s);
          if (Double.isFinite(d)) {
            return (long) d;
          }
        } catch (NumberFormatException ignored) {
          // reported below
        }
        throw error(what + " '" + s + "' is not a number");
      }
    }

    DataFileException error(String message) {
      return new DataFileException(source.file, line, message);
    }
  }
}
