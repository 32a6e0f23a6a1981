/** Helpers of the Spark jobs; not an API. */
package io.github.vectorrecall.spark.internal;
