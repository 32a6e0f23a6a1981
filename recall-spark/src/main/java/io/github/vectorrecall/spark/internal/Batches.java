package io.github.vectorrecall.spark.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Maps an iterator in batches: reads up to {@code size} inputs, turns the batch into outputs, and
 * hands those out before reading more, so a partition is never held in memory whole.
 *
 * @param <I> input
 * @param <O> output
 */
public final class Batches<I, O> implements Iterator<O> {
  private final Iterator<I> in;
  private final int size;
  private final Function<List<I>, List<O>> map;
  private Iterator<O> current = Collections.emptyIterator();

  /**
   * Wraps an iterator.
   *
   * @param in the inputs
   * @param size inputs per batch, positive
   * @param map turns one batch into its outputs
   */
  public Batches(Iterator<I> in, int size, Function<List<I>, List<O>> map) {
    this.in = in;
    this.size = size;
    this.map = map;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && in.hasNext()) {
      List<I> batch = new ArrayList<>(size);
      while (batch.size() < size && in.hasNext()) {
        batch.add(in.next());
      }
      current = map.apply(batch).iterator();
    }
    return current.hasNext();
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
