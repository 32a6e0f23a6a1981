/** Immutable value types for training data: interactions, user and item features, schema. */
package io.github.vectorrecall.data;
