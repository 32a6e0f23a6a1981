package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelSpec;
import io.github.vectorrecall.train.data.SyntheticDataset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch's items are featurized once each, and every slot points at its item's features. */
class ItemRowsTest {
  @Test
  void gather_distinctItemsInFirstOrder_slotsPointAtTheirFeatures() {
    Setup setup = setup();
    Featurizer f = setup.featurizer();
    ModelSpec spec = setup.spec();
    ItemFeatures[] itemByRow = setup.itemByRow();
    ItemRows rows = setup.rows();
    TrainingBatch b = new TrainingBatch(5, 3, spec);
    for (int round = 0; round < 2; round++) { // the second batch must not see the first's
      int[] targets = round == 0 ? new int[] {4, 9, 4, 0, 12} : new int[] {9, 9, 9, 9, 9};
      int[] sampled = round == 0 ? new int[] {12, 7, 9} : new int[] {1, 2, 9};
      System.arraycopy(targets, 0, b.targets, 0, 5);
      System.arraycopy(sampled, 0, b.sampledRows, 0, 3);
      rows.gather(b);
      long[] slots = round == 0 ? new long[] {0, 1, 0, 2, 3, 3, 4, 1}
          : new long[] {0, 0, 0, 0, 0, 1, 2, 0};
      assertArrayEquals(slots, b.itemSlots, "round " + round);
      assertEquals(round == 0 ? 5 : 3, b.items.size);
      ItemBatch one = new ItemBatch(1, spec);
      for (int i = 0; i < 8; i++) {
        int row = i < 5 ? targets[i] : sampled[i - 5];
        f.fillItem(one, 0, itemByRow[row]);
        int k = (int) b.itemSlots[i];
        String what = "round " + round + ", slot " + i;
        assertEquals(one.idRows[0], b.items.idRows[k], what);
        int t = spec.maxTags();
        assertArrayEquals(one.tags, Arrays.copyOfRange(b.items.tags, k * t, (k + 1) * t), what);
        assertArrayEquals(one.tagMask,
            Arrays.copyOfRange(b.items.tagMask, k * t, (k + 1) * t), what);
        int c = spec.itemCatFields();
        assertArrayEquals(one.catRows,
            Arrays.copyOfRange(b.items.catRows, k * c, (k + 1) * c), what);
        int d = spec.itemDenseFields();
        assertArrayEquals(one.dense, Arrays.copyOfRange(b.items.dense, k * d, (k + 1) * d),
            what);
      }
    }
  }

  @Test
  void dropIds_rateZero_changesNothingAndDrawsNothing() {
    TrainingBatch b = gathered();
    long[] ids = b.items.idRows.clone();
    Random rnd = new Random(4);
    assertEquals(0, ItemRows.dropIds(b, 0f, rnd));
    assertArrayEquals(ids, b.items.idRows);
    assertEquals(new Random(4).nextLong(), rnd.nextLong(),
        "dropout 0 must not consume the generator: training stays bit-identical");
  }

  @Test
  void dropIds_someItemsGetTheUnknownIdAndKeepTheirFeatures() {
    TrainingBatch b = gathered();
    long[] ids = b.items.idRows.clone();
    long[] cat = b.items.catRows.clone();
    long[] tags = b.items.tags.clone();
    float[] dense = b.items.dense.clone();
    Random rnd = new Random(4);
    int dropped = ItemRows.dropIds(b, 0.5f, rnd);

    Random replay = new Random(4);
    int expected = 0;
    for (int k = 0; k < ids.length; k++) {
      boolean drop = replay.nextFloat() < 0.5f; // one draw per distinct item, in batch order
      expected += drop ? 1 : 0;
      assertEquals(drop ? 0 : ids[k], b.items.idRows[k], "item " + k);
      assertTrue(ids[k] > 0, "item " + k + " had its own id");
    }
    assertEquals(expected, dropped);
    assertTrue(dropped > 0 && dropped < ids.length, "seed 4 drops some of " + ids.length);
    assertArrayEquals(cat, b.items.catRows, "categorical features kept");
    assertArrayEquals(tags, b.items.tags, "tags kept");
    assertArrayEquals(dense, b.items.dense, "dense features kept");
  }

  /** A batch of 12 targets and 6 sampled items, gathered. */
  private static TrainingBatch gathered() {
    Setup setup = setup();
    TrainingBatch b = new TrainingBatch(12, 6, setup.spec());
    for (int i = 0; i < 12; i++) {
      b.targets[i] = 1 + (i * 7) % 30;
    }
    for (int i = 0; i < 6; i++) {
      b.sampledRows[i] = 1 + (i * 5) % 30;
    }
    setup.rows().gather(b);
    return b;
  }

  /** The featurized catalog of 30 synthetic items. */
  private record Setup(Featurizer featurizer, ModelSpec spec, ItemFeatures[] itemByRow,
      ItemRows rows) {}

  private static Setup setup() {
    Dataset data = SyntheticDataset.builder().users(20).items(30).meanInteractions(5).seed(2)
        .generate();
    Featurizer f = Featurizer.fit(data, 10, 8);
    ModelSpec spec = f.spec(8, 6, 10, Pooling.MEAN);
    ItemFeatures[] itemByRow = new ItemFeatures[f.itemCount() + 1];
    itemByRow[0] = ItemFeatures.of(Long.MIN_VALUE);
    data.items().values().forEach(i -> itemByRow[f.itemRow(i.itemId())] = i);
    return new Setup(f, spec, itemByRow, new ItemRows(f, itemByRow, spec));
  }
}
