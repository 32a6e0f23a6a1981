package io.github.vectorrecall;

import io.github.vectorrecall.data.ItemFeatures;
import java.nio.file.Path;
import java.util.List;

/**
 * A deterministic two-dimensional {@link Encoder} for tests without a model: item {@code i} is
 * {@code (1, i / 100)}, so under inner product a user pointing up, {@code (0, 1)}, ranks higher
 * ids first and a user pointing down ranks lower ids first. User 1 points up, user 2 down, and
 * user {@link #NAN_USER} gets a vector with a NaN, as a diverged model would give.
 */
final class FixedEncoder implements Encoder {
  /** The user whose vector holds a NaN. */
  static final long NAN_USER = 666;

  private volatile boolean closed;

  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public Metric metric() {
    return Metric.INNER_PRODUCT;
  }

  @Override
  public float[] encodeUser(UserQuery user) {
    checkOpen();
    if (user.userId() == NAN_USER) {
      return new float[] {0, Float.NaN};
    }
    return new float[] {0, user.userId() == 2 ? -1 : 1};
  }

  @Override
  public float[][] encodeUsers(List<UserQuery> users) {
    return users.stream().map(this::encodeUser).toArray(float[][]::new);
  }

  @Override
  public float[] encodeItem(ItemFeatures item) {
    checkOpen();
    return new float[] {1, item.itemId() / 100f};
  }

  @Override
  public float[][] encodeItems(List<ItemFeatures> items) {
    return items.stream().map(this::encodeItem).toArray(float[][]::new);
  }

  @Override
  public void save(Path directory) {
    throw new UnsupportedOperationException("a test encoder is not saved");
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("encoder is closed");
    }
  }
}
