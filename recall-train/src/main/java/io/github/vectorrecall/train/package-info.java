/**
 * Training of the two-tower model: {@link io.github.vectorrecall.train.TwoTowerTrainer} (the
 * loop) with its settings {@link io.github.vectorrecall.train.TwoTowerConfig}; the losses, the
 * negatives and their masks, the learning-rate schedule, early stopping and the checkpoint are a
 * class each beside it.
 */
package io.github.vectorrecall.train;
