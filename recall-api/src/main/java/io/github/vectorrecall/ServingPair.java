package io.github.vectorrecall;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One (encoder, index) pair that a {@link RecallEngine} serves, with the requests running on it
 * counted: the engine holds one reference while the pair is current, each request one more. The
 * pair retires when its count reaches zero, that is after it was swapped out (or the engine
 * closed) and its last request ended; then it closes the encoder and index if the engine owns
 * them, and completes {@link #retired()}.
 */
final class ServingPair {
  final Encoder encoder;
  final AnnIndex index;
  private final boolean owned;
  private final AtomicInteger references = new AtomicInteger(1);
  private final CompletableFuture<Void> retired = new CompletableFuture<>();

  ServingPair(Encoder encoder, AnnIndex index, boolean owned) {
    this.encoder = encoder;
    this.index = index;
    this.owned = owned;
  }

  /**
   * Checks that an encoder and an index can serve together.
   *
   * @throws IllegalArgumentException naming both values if dimension or metric differ
   */
  static void checkCompatible(Encoder encoder, AnnIndex index) {
    if (encoder.dimension() != index.dimension()) {
      throw new IllegalArgumentException("encoder dimension " + encoder.dimension()
          + " does not match index dimension " + index.dimension());
    }
    if (encoder.metric() != index.metric()) {
      throw new IllegalArgumentException("encoder metric " + encoder.metric()
          + " does not match index metric " + index.metric());
    }
  }

  /**
   * Takes a reference for one request.
   *
   * @return false if the pair has already retired (the caller reads the current pair again)
   */
  boolean acquire() {
    for (int n = references.get(); n > 0; n = references.get()) {
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back a reference; the last one retires the pair. */
  void release() {
    if (references.decrementAndGet() == 0) {
      retire();
    }
  }

  private void retire() {
    if (!owned) {
      retired.complete(null);
      return;
    }
    RuntimeException failure = null;
    try {
      index.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      encoder.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure == null) {
      retired.complete(null);
    } else {
      retired.completeExceptionally(failure);
    }
  }

  /** Completes once the pair has retired (and, when owned, its encoder and index are closed). */
  CompletableFuture<Void> retired() {
    return retired;
  }
}
