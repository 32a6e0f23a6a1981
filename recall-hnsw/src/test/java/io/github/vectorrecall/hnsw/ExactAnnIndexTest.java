package io.github.vectorrecall.hnsw;

import io.github.vectorrecall.AnnIndexContractTest;

class ExactAnnIndexTest extends AnnIndexContractTest {
  @Override
  protected String provider() {
    return "exact";
  }

  @Override
  protected double minRecallAt10() {
    return 1.0;
  }
}
