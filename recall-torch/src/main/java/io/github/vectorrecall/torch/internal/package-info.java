/** Model internals shared with the trainer; not an API. */
package io.github.vectorrecall.torch.internal;
