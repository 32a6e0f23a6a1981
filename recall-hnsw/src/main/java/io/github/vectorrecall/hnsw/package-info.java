/**
 * Index providers: {@code hnswlib} (hnswlib-java) and {@code exact} (brute force). Register
 * through {@code META-INF/services/io.github.vectorrecall.spi.AnnIndexProvider}.
 */
package io.github.vectorrecall.hnsw;
