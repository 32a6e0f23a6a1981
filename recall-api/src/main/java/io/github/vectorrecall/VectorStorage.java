package io.github.vectorrecall;

/**
 * Where an index keeps its float vectors. {@link #HEAP} keeps them in a Java array, as every
 * provider does by default. {@link #MAPPED} keeps them in a memory-mapped file, outside the Java
 * heap, for an index built with {@link Quantization#INT8}: its searches score the int8 codes
 * (which stay on the heap) and read the floats only to re-rank their few best candidates, so the
 * file's pages are read a few hundred at a time and the operating system's page cache, not the
 * heap, holds them. {@link AnnIndex#ramBytesUsed()} counts the heap only.
 *
 * <p>The file of an index being built is a temporary file in {@link
 * IndexConfig#vectorDirectory()} (the system temporary directory by default); the file of an
 * index loaded from disk is a temporary file beside the saved index. Either is deleted when the
 * index closes, and the disk space is returned once the mapping is garbage collected. Set with
 * {@link IndexConfig.Builder#vectorStorage}; only the {@code hnsw} provider offers it.
 */
public enum VectorStorage {
  /** Float vectors in a Java array, on the heap. */
  HEAP,
  /**
   * Float vectors in a memory-mapped file, off the heap; needs {@link Quantization#INT8} (the
   * float searches of such an index still work, reading the file at random).
   */
  MAPPED
}
