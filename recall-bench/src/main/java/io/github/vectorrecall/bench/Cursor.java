package io.github.vectorrecall.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread position in a benchmark's fixed list of queries, so threads never share a counter. */
@State(Scope.Thread)
public class Cursor {
  private int next;

  /**
   * The next position, wrapping at {@code size}.
   *
   * @param size number of queries
   * @return a position in [0, size)
   */
  public int next(int size) {
    int i = next;
    next = i + 1 == size ? 0 : i + 1;
    return i;
  }
}
