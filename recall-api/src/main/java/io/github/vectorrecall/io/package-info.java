/** The versioned, checksummed file format shared by indexes and models. */
package io.github.vectorrecall.io;
