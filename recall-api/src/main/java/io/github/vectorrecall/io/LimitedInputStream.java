package io.github.vectorrecall.io;

import java.io.IOException;
import java.io.InputStream;

/** Ends a stream after a number of bytes: {@link ChecksummedFile} stops reading at the footer. */
final class LimitedInputStream extends InputStream {
  private final InputStream in;
  private long left;

  LimitedInputStream(InputStream in, long limit) {
    this.in = in;
    this.left = limit;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }
}
