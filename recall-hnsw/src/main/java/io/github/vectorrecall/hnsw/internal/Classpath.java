package io.github.vectorrecall.hnsw.internal;

/** Whether an optional library is on the class path, asked without loading it. */
public final class Classpath {
  private Classpath() {}

  /**
   * Whether a class can be found, without initialising it (so no native library is loaded).
   *
   * @param className the class's binary name
   * @param loader the loader to ask
   * @return true if found
   */
  public static boolean has(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
