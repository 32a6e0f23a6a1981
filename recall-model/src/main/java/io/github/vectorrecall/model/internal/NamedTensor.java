package io.github.vectorrecall.model.internal;

/**
 * A weight tensor held in Java memory: what is saved to and loaded from a model file.
 *
 * @param name parameter name, such as "user_w1"
 * @param shape its shape
 * @param data row-major values
 */
public record NamedTensor(String name, long[] shape, float[] data) {

  /** Checks that the data fills the shape. */
  public NamedTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " has " + data.length + " values for " + n + " cells");
    }
  }
}
