/** Implementation details of the index providers; not an API. */
package io.github.vectorrecall.hnsw.internal;
