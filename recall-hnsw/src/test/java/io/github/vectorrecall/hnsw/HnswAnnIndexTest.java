package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndexContractTest;

class HnswAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "hnsw";
  }
}
