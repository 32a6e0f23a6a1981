/** Data sets: the synthetic generator and the leave-last-out split. */
package io.github.vectorrecall.train.data;
