package io.github.vectorrecall.spark.internal;

import org.apache.spark.sql.SparkSession;

/** The session of a job's {@code main}. */
public final class Sessions {
  private Sessions() {}

  /**
   * Gets or creates the session: with {@code --master} when given (a local run), else the master
   * spark-submit set.
   *
   * @param app application name
   * @param args the options
   * @return the session; the main stops it
   */
  public static SparkSession start(String app, JobArgs args) {
    SparkSession.Builder b = SparkSession.builder().appName(app);
    if (args.has("master")) {
      b.master(args.require("master")).config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }
}
