/**
 * Spark jobs over the library: {@link io.github.vectorrecall.spark.ItemEncodingJob} (a catalog
 * encoded on the executors with the plain-Java encoder), {@link
 * io.github.vectorrecall.spark.BatchRecallJob} (top K for every user through {@code
 * RecallEngine}) and {@link io.github.vectorrecall.spark.ShardedIndexBuildJob} (one index per
 * shard, built in parallel, plus a manifest that recall-hnsw's {@code sharded} provider opens).
 * Spark is a {@code provided} dependency: the cluster brings it.
 */
package io.github.vectorrecall.spark;
