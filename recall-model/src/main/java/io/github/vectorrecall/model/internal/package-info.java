/**
 * The model file format, its layout ({@code ModelSpec}), the vocabularies ({@code Featurizer})
 * and the input batches shared by the plain-Java encoder, the PyTorch encoder and the trainer;
 * not an API.
 */
package io.github.vectorrecall.model.internal;
