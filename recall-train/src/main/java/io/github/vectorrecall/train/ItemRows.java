package io.github.vectorrecall.train;

import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelSpec;
import java.util.Random;

/**
 * The item tower's inputs of every catalog row, featurized once per fit, and the distinct items
 * of a batch: a batch's positives and sampled negatives repeat items (popular ones above all),
 * and each distinct item needs the tower once; the batch then reads its vector at every slot.
 * With item-id dropout ({@link #dropIds}) some of a batch's distinct items are encoded as a new
 * item would be: the unknown id and their own features.
 */
final class ItemRows {
  private final ModelSpec spec;
  private final ItemBatch catalog;
  /** The distinct index of a row in the current batch, valid where {@link #stamp} is current. */
  private final int[] index;
  private final int[] stamp;
  private int batch;

  /**
   * Featurizes the catalog.
   *
   * @param featurizer the features' layout
   * @param itemByRow the item of every row, row 0 the unknown item
   * @param spec the model layout
   */
  ItemRows(Featurizer featurizer, ItemFeatures[] itemByRow, ModelSpec spec) {
    this.spec = spec;
    this.catalog = new ItemBatch(itemByRow.length, spec);
    for (int r = 0; r < itemByRow.length; r++) {
      featurizer.fillItem(catalog, r, itemByRow[r]);
    }
    this.index = new int[itemByRow.length];
    this.stamp = new int[itemByRow.length];
  }

  /**
   * The distinct items of a batch, its targets' then its sampled items', in order of first
   * appearance, and the distinct index of each of them ({@link TrainingBatch#itemSlots}).
   *
   * @param b the batch, its targets and sampled rows set; its items and slots are filled
   */
  void gather(TrainingBatch b) {
    batch++;
    int n = b.targets.length;
    int total = n + b.sampledRows.length;
    int[] distinct = new int[total];
    int count = 0;
    for (int i = 0; i < total; i++) {
      int row = i < n ? b.targets[i] : b.sampledRows[i - n];
      if (stamp[row] != batch) {
        stamp[row] = batch;
        index[row] = count;
        distinct[count++] = row;
      }
      b.itemSlots[i] = index[row];
    }
    ItemBatch out = new ItemBatch(count, spec);
    int cat = spec.itemCatFields();
    int tags = spec.maxTags();
    int dense = spec.itemDenseFields();
    for (int k = 0; k < count; k++) {
      int r = distinct[k];
      out.idRows[k] = catalog.idRows[r];
      System.arraycopy(catalog.catRows, r * cat, out.catRows, k * cat, cat);
      System.arraycopy(catalog.tags, r * tags, out.tags, k * tags, tags);
      System.arraycopy(catalog.tagMask, r * tags, out.tagMask, k * tags, tags);
      System.arraycopy(catalog.dense, r * dense, out.dense, k * dense, dense);
    }
    b.items = out;
  }

  /**
   * Item-id dropout ({@link TwoTowerConfig#itemIdDropout()}): each distinct item of the batch
   * gathered last is, with probability {@code rate}, given the unknown id (row 0) in place of its
   * own, keeping its features; all its slots read that one encoding. One draw per distinct item,
   * in the batch's order, and none at all when the rate is 0.
   *
   * @param b the batch, gathered ({@link #gather})
   * @param rate the probability, in [0, 1)
   * @param rnd the training's seeded generator
   * @return how many items lost their id
   */
  static int dropIds(TrainingBatch b, float rate, Random rnd) {
    if (rate == 0f) {
      return 0;
    }
    int dropped = 0;
    long[] ids = b.items.idRows;
    for (int k = 0; k < b.items.size; k++) {
      if (rnd.nextFloat() < rate) {
        ids[k] = 0;
        dropped++;
      }
    }
    return dropped;
  }
}
