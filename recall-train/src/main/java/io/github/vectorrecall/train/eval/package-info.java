/** The evaluation protocol: full-ranking HR@K, NDCG@K, coverage, popularity baseline. */
package io.github.vectorrecall.train.eval;
