/** DJL/PyTorch two-tower encoder behind {@link io.github.vectorrecall.Encoder}. */
package io.github.vectorrecall.torch;
