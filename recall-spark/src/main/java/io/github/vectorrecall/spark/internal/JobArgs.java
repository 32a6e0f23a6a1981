package io.github.vectorrecall.spark.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code --name value} options of a job's {@code main}. */
public final class JobArgs {
  private final String job;
  private final Map<String, String> values = new LinkedHashMap<>();

  private JobArgs(String job) {
    this.job = job;
  }

  /**
   * Parses options.
   *
   * @param job the job's name, for messages
   * @param args the command line
   * @param known option names (without dashes) the job understands
   * @return the options
   * @throws IllegalArgumentException on an unknown option or one without a value, naming it and
   *     the known ones
   */
  public static JobArgs parse(String job, String[] args, String... known) {
    JobArgs a = new JobArgs(job);
    Set<String> names = new TreeSet<>(Set.of(known));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      if (name == null || !names.contains(name)) {
        throw new IllegalArgumentException(job + ": unknown option '" + arg + "'; options: "
            + names.stream().map(n -> "--" + n).toList());
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(job + ": option " + arg + " needs a value");
      }
      a.values.put(name, args[++i]);
    }
    return a;
  }

  /**
   * A required option.
   *
   * @param name option name
   * @return its value
   * @throws IllegalArgumentException if absent
   */
  public String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(job + ": option --" + name + " is required");
    }
    return v;
  }

  /**
   * An optional option.
   *
   * @param name option name
   * @param fallback value when absent
   * @return its value or the fallback
   */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * Whether an option was given.
   *
   * @param name option name
   * @return true if present
   */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * An integer option.
   *
   * @param name option name
   * @param fallback value when absent
   * @return the value
   * @throws IllegalArgumentException if not an integer, naming it
   */
  public int getInt(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(job + ": --" + name + " must be an integer; --" + name
          + "=" + v, e);
    }
  }
}
