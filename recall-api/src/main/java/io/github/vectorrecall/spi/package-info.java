/**
 * Service provider interfaces: implementations of encoders, trainers and indexes register here
 * through {@link java.util.ServiceLoader} and are chosen with {@link
 * io.github.vectorrecall.spi.Providers}.
 */
package io.github.vectorrecall.spi;
