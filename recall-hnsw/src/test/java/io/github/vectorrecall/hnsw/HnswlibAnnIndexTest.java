package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndexContractTest;

class HnswlibAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "hnswlib";
  }
}
