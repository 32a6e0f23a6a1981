package io.github.vectorrecall.model.internal;

import io.github.vectorrecall.model.Pooling;
import java.util.Objects;

/**
 * The shape of a two-tower model: everything needed to allocate its weights and lay out its
 * inputs.
 *
 * @param dimension output vector dimension
 * @param embeddingDimension id and feature embedding width
 * @param hiddenDimension hidden layer width
 * @param maxHistory behaviour-sequence length
 * @param maxTags tags per item read by the item tower
 * @param userRows user-id embedding rows (users + 1 for unknown)
 * @param itemRows item-id embedding rows (items + 1 for unknown and padding)
 * @param userCatFields categorical user fields
 * @param userCatRows rows of the user categorical table (all fields)
 * @param userDenseFields dense user fields
 * @param itemCatFields categorical item fields
 * @param itemCatRows rows of the item categorical table (all fields)
 * @param tagRows rows of the tag table (tags + 1 for padding and unknown)
 * @param itemDenseFields dense item fields
 * @param pooling behaviour-sequence pooling (the model file stores its {@link Pooling#code()})
 */
public record ModelSpec(
    int dimension,
    int embeddingDimension,
    int hiddenDimension,
    int maxHistory,
    int maxTags,
    int userRows,
    int itemRows,
    int userCatFields,
    int userCatRows,
    int userDenseFields,
    int itemCatFields,
    int itemCatRows,
    int tagRows,
    int itemDenseFields,
    Pooling pooling) {
  /**
   * Checks the pooling.
   *
   * @throws NullPointerException if pooling is null
   */
  public ModelSpec {
    Objects.requireNonNull(pooling, "pooling");
  }

  /**
   * Width of the user tower's input layer.
   *
   * @return input width
   */
  public int userInputWidth() {
    return embeddingDimension * (1 + (userCatFields > 0 ? 1 : 0)) + pooledWidth()
        + userDenseFields;
  }

  /**
   * Width of the pooled behaviour sequence in the user tower's input: two embeddings for
   * {@link Pooling#TWO_SCALE}, one for every other pooling.
   *
   * @return pooled width
   */
  public int pooledWidth() {
    return embeddingDimension * (pooling == Pooling.TWO_SCALE ? 2 : 1);
  }

  /**
   * Width of the item tower's input layer.
   *
   * @return input width
   */
  public int itemInputWidth() {
    return embeddingDimension * (1 + (itemCatFields > 0 ? 1 : 0) + (maxTags > 0 ? 1 : 0))
        + itemDenseFields;
  }
}
