/** Training of the two-tower model: {@link io.github.vectorrecall.train.TwoTowerTrainer}. */
package io.github.vectorrecall.train;
