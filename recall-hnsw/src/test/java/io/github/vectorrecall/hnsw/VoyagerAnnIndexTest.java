package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndexContractTest;

class VoyagerAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "voyager";
  }
}
