package io.github.vectorrecall;

/**
 * What an index reports about itself for monitoring ({@link AnnIndex#stats()}).
 *
 * @param items live items ({@link AnnIndex#size()})
 * @param tombstones removed items still held ({@link AnnIndex#tombstones()})
 * @param compactions compactions finished since the index was created or loaded
 * @param exactFallbacks searches answered by an exact scan instead of the graph (selective
 *     filters, or a graph walk that found fewer than K passing items)
 */
public record IndexStats(int items, int tombstones, long compactions, long exactFallbacks) {}
