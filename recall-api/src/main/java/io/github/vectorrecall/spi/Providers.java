package io.github.vectorrecall.spi;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.io.ChecksummedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers with {@link ServiceLoader} and chooses one: an explicit name, else the system
 * property of that provider type, else the available provider with the highest priority (ties
 * broken by name, so every run chooses the same).
 */
public final class Providers {
  /** System property naming the default {@link AnnIndexProvider}. */
  public static final String INDEX_PROPERTY = "vectorrecall.index";
  /** System property naming the default {@link EncoderProvider}. */
  public static final String ENCODER_PROPERTY = "vectorrecall.encoder";
  /** System property naming the default {@link TrainerProvider}. */
  public static final String TRAINER_PROPERTY = "vectorrecall.trainer";

  private static final Logger LOG = LoggerFactory.getLogger(Providers.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private Providers() {}

  /**
   * Chooses a provider.
   *
   * @param type the provider interface
   * @param name explicit name, or null to use the system property, then priority
   * @param <P> provider type
   * @return the provider
   * @throws IllegalArgumentException if no provider has the requested name, listing those that
   *     exist and how to add one
   * @throws IllegalStateException if none is available at all
   */
  public static <P extends NamedProvider> P select(Class<P> type, String name) {
    Objects.requireNonNull(type, "type");
    String wanted = name != null ? name : System.getProperty(propertyOf(type));
    List<P> all = load(type);
    if (wanted != null) {
      String key = wanted.trim().toLowerCase(java.util.Locale.ROOT);
      P found = null;
      for (P p : all) {
        if (p.name().equals(key)) {
          found = p;
          break;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "No " + type.getSimpleName() + " named '" + wanted + "'"
                + (name == null ? " (from system property " + propertyOf(type) + ")" : "")
                + ". Available: " + names(all) + ". " + hint(type));
      }
      if (!found.isAvailable()) {
        throw new IllegalStateException(
            type.getSimpleName() + " '" + found.name() + "' is installed but not available here: "
                + found.unavailableReason() + ".");
      }
      return found;
    }
    return all.stream()
        .filter(NamedProvider::isAvailable)
        .min(Comparator.comparingInt((P p) -> p.priority()).reversed()
            .thenComparing(NamedProvider::name))
        .orElseThrow(
            () -> new IllegalStateException(
                "No " + type.getSimpleName() + " available; found " + names(all) + ". "
                    + hint(type)));
  }

  /**
   * The provider that wrote a file of this library: the one named by the file's format name
   * after {@code prefix} (see {@link ChecksummedFile}). The name is read from the header before
   * the checksum is checked, since the provider's load checks the whole file anyway; but a header
   * that lacks the prefix, or names no installed or available provider, is checked against the
   * file's checksum first, so that a damaged header is reported as a damaged file, never as a
   * missing provider. (A damaged name that happens to name another provider is caught by that
   * provider's load, which verifies the file before reading it.)
   *
   * @param type the provider interface
   * @param file the file
   * @param prefix the start of the format names of this kind of file, such as "AnnIndex:"
   * @param kind what such a file holds, for the message: "an index", "a model"
   * @param <P> provider type
   * @return the provider
   * @throws CorruptFileException if the file is damaged, or intact but not of this kind
   * @throws IllegalArgumentException if the intact file names a provider that is not installed
   * @throws IllegalStateException if it names one that is installed but not available here
   * @throws io.github.vectorrecall.RecallIOException if the file cannot be read
   */
  public static <P extends NamedProvider> P forFile(
      Class<P> type, Path file, String prefix, String kind) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(file, "file");
    String codec = ChecksummedFile.readCodec(file);
    if (!codec.startsWith(prefix)) {
      ChecksummedFile.verify(file);
      throw new CorruptFileException(
          file, "not " + kind + " file: its format is " + ChecksummedFile.quote(codec));
    }
    try {
      return select(type, codec.substring(prefix.length()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      ChecksummedFile.verify(file);
      throw e;
    }
  }

  /**
   * Every provider of a type found on the class path, sorted by name, one per name.
   *
   * @param type the provider interface
   * @param <P> provider type
   * @return the providers
   */
  public static <P extends NamedProvider> List<P> load(Class<P> type) {
    Map<String, List<P>> byName = new TreeMap<>();
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    Iterator<P> it = ServiceLoader.load(type, cl != null ? cl : Providers.class.getClassLoader())
        .iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        P p = it.next();
        byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
      } catch (ServiceConfigurationError e) {
        LOG.warn("Skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage(), e);
      }
    }
    List<P> result = new ArrayList<>();
    byName.forEach(
        (n, list) -> {
          if (list.size() > 1 && WARNED.add(type.getName() + "/" + n)) {
            List<String> classes = new ArrayList<>();
            list.forEach(p -> classes.add(p.getClass().getName()));
            LOG.warn("Several {} named '{}': {}; using the first", type.getSimpleName(), n, classes);
          }
          result.add(list.get(0));
        });
    return result;
  }

  private static List<String> names(List<? extends NamedProvider> all) {
    List<String> names = new ArrayList<>();
    all.forEach(p -> names.add(p.name()));
    return names;
  }

  private static String propertyOf(Class<?> type) {
    if (type == AnnIndexProvider.class) {
      return INDEX_PROPERTY;
    }
    if (type == EncoderProvider.class) {
      return ENCODER_PROPERTY;
    }
    if (type == TrainerProvider.class) {
      return TRAINER_PROPERTY;
    }
    return "vectorrecall." + type.getSimpleName();
  }

  private static String hint(Class<?> type) {
    String module =
        type == AnnIndexProvider.class
            ? "recall-hnsw"
            : type == EncoderProvider.class ? "recall-torch" : "recall-train";
    return "Add the " + module + " jar to the class path; when shading, merge META-INF/services.";
  }
}
