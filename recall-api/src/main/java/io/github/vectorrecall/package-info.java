/**
 * VectorRecall's public API: {@link io.github.vectorrecall.Trainer} learns an {@link
 * io.github.vectorrecall.Encoder}, an {@link io.github.vectorrecall.AnnIndex} holds item vectors,
 * and {@link io.github.vectorrecall.RecallEngine} answers "which K items for this user?".
 */
package io.github.vectorrecall;
