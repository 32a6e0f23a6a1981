package io.github.vectorrecall.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.spi.AnnIndexProvider;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * hnswlib-core and voyager are optional dependencies: without them on the class path, their
 * providers say they are unavailable instead of failing to load.
 */
class OptionalLibrariesTest {
  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  /** A loader with recall-api and recall-hnsw only: neither optional library. */
  private static URLClassLoader withoutLibraries() {
    return new URLClassLoader(
        new URL[] {location(AnnIndexProvider.class), location(HnswIndexProvider.class)},
        ClassLoader.getPlatformClassLoader());
  }

  private static boolean available(ClassLoader loader, String provider) throws Exception {
    Class<?> c = Class.forName("io.github.vectorrecall.hnsw." + provider, true, loader);
    Object p = c.getConstructor().newInstance();
    return (boolean) c.getMethod("isAvailable").invoke(p);
  }

  @Test
  void isAvailable_libraryAbsent_false() throws Exception {
    try (URLClassLoader loader = withoutLibraries()) {
      assertFalse(available(loader, "HnswlibIndexProvider"));
      assertFalse(available(loader, "VoyagerIndexProvider"));
      assertTrue(available(loader, "HnswIndexProvider"));
      assertTrue(available(loader, "ExactIndexProvider"));
    }
  }

  @Test
  void isAvailable_libraryPresent_true() {
    assertTrue(new HnswlibIndexProvider().isAvailable());
    assertTrue(new VoyagerIndexProvider().isAvailable());
    assertEquals("hnswlib", new HnswlibIndexProvider().name());
    assertEquals("add com.github.jelmerk:hnswlib-core to the class path (an optional dependency"
        + " of recall-hnsw)", new HnswlibIndexProvider().unavailableReason());
    assertEquals("add com.spotify:voyager to the class path (an optional dependency of"
        + " recall-hnsw)", new VoyagerIndexProvider().unavailableReason());
  }
}
