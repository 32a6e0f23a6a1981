package io.github.vectorrecall.examples;

import io.github.vectorrecall.RecallException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns an exception into one line on standard error, {@code error: <what>}, and an exit
 * status; with {@code --verbose} the stack trace follows the line.
 */
final class ErrorReporter {
  private final PrintWriter err;
  private final boolean verbose;

  ErrorReporter(PrintWriter err, boolean verbose) {
    this.err = err;
    this.verbose = verbose;
  }

  /**
   * A command line picocli cannot parse.
   *
   * @return {@link Main#USAGE_ERROR}
   */
  int usage(ParameterException e) {
    CommandLine c = e.getCommandLine();
    String message = e.getMessage();
    String help = c.getParent() == null ? "--help" : c.getCommandName() + " --help";
    String lists = "options";
    if (e instanceof UnmatchedArgumentException u && c.getParent() == null
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + u.getUnmatched().get(0) + "'; commands: "
          + String.join(", ", c.getSubcommands().keySet());
      lists = "commands";
    }
    print(oneLine(message) + " (" + help + " lists the " + lists + ")", e);
    return Main.USAGE_ERROR;
  }

  /**
   * An exception thrown by a command: a {@link UsageException} from the checks made before any
   * work, or a failure once the work started.
   *
   * @return {@link Main#USAGE_ERROR} or {@link Main#DATA_ERROR}
   */
  int failure(Throwable t) {
    if (t instanceof ParameterException p) {
      return usage(p);
    }
    print(describe(t), t);
    return t instanceof UsageException ? Main.USAGE_ERROR : Main.DATA_ERROR;
  }

  private void print(String line, Throwable t) {
    err.println("error: " + line);
    if (verbose) {
      t.printStackTrace(err);
    }
    err.flush();
  }

  /** What went wrong, on one line. */
  String describe(Throwable t) {
    if (t instanceof UsageException) {
      return oneLine(t.getMessage());
    }
    if (t instanceof RecallException) {
      String m = oneLine(t.getMessage());
      Throwable cause = t.getCause();
      if (cause instanceof IOException || cause instanceof UncheckedIOException) {
        // RecallIOException ends its message with the cause's toString(): say it in words.
        String suffix = ": " + oneLine(cause.toString());
        if (m.endsWith(suffix)) {
          m = m.substring(0, m.length() - suffix.length());
        }
        String c = describe(cause);
        return m.contains(c) ? m : m + ": " + c;
      }
      return m;
    }
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      String c = describe(t.getCause());
      return t.getMessage() == null || t.getMessage().equals(t.getCause().toString())
          ? c : oneLine(t.getMessage()) + ": " + c;
    }
    if (t instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (t instanceof FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() == null ? f.getClass().getSimpleName()
          : f.getReason());
    }
    if (t instanceof IOException) {
      return t.getMessage() == null ? t.getClass().getSimpleName() : oneLine(t.getMessage());
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory; give Java a larger heap, for example java -Xmx8g -jar ...";
    }
    // Not an expected failure: name the exception, and say how to see where it came from.
    String m = t.getMessage() == null ? "" : ": " + oneLine(t.getMessage());
    return t.getClass().getSimpleName() + m
        + (verbose ? "" : " (--verbose prints the stack trace)");
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
