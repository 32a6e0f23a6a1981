package io.github.vectorrecall.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.spi.TestProviders.Dormant;
import io.github.vectorrecall.spi.TestProviders.Ranked;
import io.github.vectorrecall.spi.TestProviders.Twice;
import io.github.vectorrecall.spi.TestProviders.Unregistered;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link Providers} chooses: an explicit name, else the system property, else the highest
 * priority among available providers, ties broken by name. The providers are the test-only ones
 * of {@link TestProviders}: Ranked holds alpha (5), beta (5), low (1), least (MIN_VALUE), off
 * (100, unavailable) and broken (fails to load).
 */
class ProvidersTest {
  private static final String RANKED_PROPERTY = "vectorrecall.Ranked";
  private static final String HINT =
      "Add the recall-train jar to the class path; when shading, merge META-INF/services.";

  @AfterEach
  void clearProperties() {
    System.clearProperty(RANKED_PROPERTY);
    System.clearProperty(Providers.INDEX_PROPERTY);
  }

  @Test
  void load_brokenProvider_skippedOthersSortedByName() {
    List<String> names = Providers.load(Ranked.class).stream().map(NamedProvider::name).toList();
    assertEquals(List.of("alpha", "beta", "least", "low", "off"), names);
  }

  @Test
  void select_byName_evenWithLowPriority() {
    assertEquals("low", Providers.select(Ranked.class, "low").name());
    assertEquals("low", Providers.select(Ranked.class, " LOW ").name());
  }

  @Test
  void select_byName_overridesProperty() {
    System.setProperty(RANKED_PROPERTY, "beta");
    assertEquals("low", Providers.select(Ranked.class, "low").name());
  }

  @Test
  void select_bySystemProperty() {
    System.setProperty(RANKED_PROPERTY, "low");
    assertEquals("low", Providers.select(Ranked.class, null).name());
  }

  @Test
  void select_byPriority_tieBrokenByName() {
    // off (100) is unavailable, broken never loaded; alpha and beta tie at 5: alpha by name
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(TestProviders.Alpha.class, Providers.select(Ranked.class, null));
    }
  }

  @Test
  void select_unavailableByName_throws() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Providers.select(Ranked.class, "off"));
    assertEquals("Ranked 'off' is installed but not available here: its native library or "
        + "dependency is missing.", e.getMessage());
  }

  @Test
  void select_unknownName_listsKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Providers.select(Ranked.class, "gamma"));
    assertEquals("No Ranked named 'gamma'. Available: [alpha, beta, least, low, off]. " + HINT,
        e.getMessage());
  }

  @Test
  void select_unknownNameFromProperty_namesTheProperty() {
    System.setProperty(RANKED_PROPERTY, "gamma");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Providers.select(Ranked.class, null));
    assertEquals("No Ranked named 'gamma' (from system property vectorrecall.Ranked). "
        + "Available: [alpha, beta, least, low, off]. " + HINT, e.getMessage());
  }

  @Test
  void select_unknownIndex_saysWhichJarToAdd() {
    System.setProperty(Providers.INDEX_PROPERTY, "hnsw");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Providers.select(AnnIndexProvider.class, null));
    assertEquals("No AnnIndexProvider named 'hnsw' (from system property vectorrecall.index). "
        + "Available: []. Add the recall-hnsw jar to the class path; when shading, merge "
        + "META-INF/services.", e.getMessage());
  }

  @Test
  void select_noneRegistered_throws() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Providers.select(Unregistered.class, null));
    assertEquals("No Unregistered available; found []. " + HINT, e.getMessage());
  }

  @Test
  void select_noneAvailable_throwsListingThoseFound() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Providers.select(Dormant.class, null));
    assertEquals("No Dormant available; found [asleep]. " + HINT, e.getMessage());
  }

  @Test
  void load_twoWithOneName_keepsTheFirstAndWarns() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<Twice> loaded;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      loaded = Providers.load(Twice.class);
    } finally {
      System.setErr(err);
    }
    assertEquals(1, loaded.size());
    assertInstanceOf(TestProviders.SameFirst.class, loaded.get(0));
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("Several Twice named 'same'") && log.contains("SameFirst")
        && log.contains("SameSecond"), log);
  }

  @Test
  void select_nullType_throws() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Providers.select(null, "x"));
    assertEquals("type", e.getMessage());
  }
}
