/**
 * Index providers, registered through {@code
 * META-INF/services/io.github.vectorrecall.spi.AnnIndexProvider}:
 *
 * <ul>
 *   <li>{@code hnsw} ({@link HnswAnnIndex}): the project's own HNSW
 *       graph on the Java heap, filtering inside its walk; the default (highest priority).
 *   <li>{@code hnswlib} ({@link HnswlibAnnIndex}): hnswlib-java, the
 *       reference graph implementation; needs the optional {@code com.github.jelmerk:hnswlib-core}.
 *   <li>{@code voyager} ({@link VoyagerAnnIndex}): Spotify Voyager,
 *       native hnswlib through JNI; needs the optional {@code com.spotify:voyager}.
 *   <li>{@code exact} ({@link ExactAnnIndex}): brute force, the ground
 *       truth; lowest priority.
 * </ul>
 *
 * <p>The optional libraries are not pulled in by this module: a serving application that uses
 * {@code hnsw} or {@code exact} needs neither, and their providers report themselves unavailable
 * when their library is absent.
 */
package io.github.vectorrecall.hnsw;
