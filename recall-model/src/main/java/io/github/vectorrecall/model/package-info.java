/**
 * Serving a trained two-tower model in plain Java: {@link
 * io.github.vectorrecall.model.JavaTwoTowerEncoder} (provider {@code java}) reads the model
 * directory the trainer writes and encodes users and items without PyTorch or any native library.
 * This module depends on {@code recall-api} and SLF4J only, so a serving process that pairs it
 * with {@code recall-hnsw} carries no DJL artifact.
 */
package io.github.vectorrecall.model;
