package io.github.vectorrecall.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.vectorrecall.model.EncoderContractTest;
import io.github.vectorrecall.model.Pooling;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The starting weights each pooling brings: two-scale pooling adds a fast decay beside the
 * recency decay and one embedding to the user tower's input; recency keeps its one decay.
 */
class ModelWeightsTest {
  private static Map<String, NamedTensor> initial(Pooling pooling) {
    Featurizer f = Featurizer.fit(EncoderContractTest.tinyData(), 50, 8);
    Map<String, NamedTensor> out = new HashMap<>();
    for (NamedTensor t : ModelWeights.initial(f.spec(16, 8, 12, pooling), new Random(1))) {
      out.put(t.name(), t);
    }
    return out;
  }

  @Test
  void initial_twoScale_fastAndSlowDecayAndAWiderUserInput() {
    Map<String, NamedTensor> recency = initial(Pooling.RECENCY);
    Map<String, NamedTensor> two = initial(Pooling.TWO_SCALE);
    assertEquals(0.1, Math.exp(two.get(ModelWeights.HISTORY_DECAY).data()[0]), 1e-6);
    assertEquals(0.3, Math.exp(two.get(ModelWeights.HISTORY_DECAY_FAST).data()[0]), 1e-6);
    assertEquals(recency.get(ModelWeights.HISTORY_DECAY).data()[0],
        two.get(ModelWeights.HISTORY_DECAY).data()[0]);
    assertFalse(recency.containsKey(ModelWeights.HISTORY_DECAY_FAST));
    long recencyIn = recency.get("user_w1").shape()[0];
    assertEquals(recencyIn + 8, two.get("user_w1").shape()[0]);
    assertEquals(recency.get("item_w1").shape()[0], two.get("item_w1").shape()[0]);
  }

  @Test
  void pooledWidth_twoEmbeddingsForTwoScaleOnly() {
    Featurizer f = Featurizer.fit(EncoderContractTest.tinyData(), 50, 8);
    for (Pooling p : Pooling.values()) {
      ModelSpec spec = f.spec(16, 8, 12, p);
      assertEquals(p == Pooling.TWO_SCALE ? 16 : 8, spec.pooledWidth(), p.name());
      assertEquals(f.spec(16, 8, 12, Pooling.MEAN).userInputWidth() + spec.pooledWidth() - 8,
          spec.userInputWidth(), p.name());
    }
  }
}
