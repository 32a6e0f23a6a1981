package io.github.vectorrecall.spi;

/**
 * Provider types that exist only in tests, with providers registered in this module's test
 * {@code META-INF/services}, so that {@link Providers} can be tested without any real provider.
 */
public final class TestProviders {
  private TestProviders() {}

  /** Several providers: priorities with a tie, one unavailable, one that fails to load. */
  public interface Ranked extends NamedProvider {}

  /** One provider, not available. */
  public interface Dormant extends NamedProvider {}

  /** No provider registered. */
  public interface Unregistered extends NamedProvider {}

  /** Two providers with the same name. */
  public interface Twice extends NamedProvider {}

  /** A provider with a fixed name, priority and availability. */
  abstract static class Fixed implements NamedProvider {
    private final String name;
    private final int priority;
    private final boolean available;

    Fixed(String name, int priority, boolean available) {
      this.name = name;
      this.priority = priority;
      this.available = available;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public boolean isAvailable() {
      return available;
    }
  }

  /** Priority 5, tied with {@link Beta}; wins the tie by name. */
  public static final class Alpha extends Fixed implements Ranked {
    /** Registered through META-INF/services. */
    public Alpha() {
      super("alpha", 5, true);
    }
  }

  /** Priority 5, tied with {@link Alpha}. */
  public static final class Beta extends Fixed implements Ranked {
    /** Registered through META-INF/services. */
    public Beta() {
      super("beta", 5, true);
    }
  }

  /** Priority 1: chosen only by name. */
  public static final class Low extends Fixed implements Ranked {
    /** Registered through META-INF/services. */
    public Low() {
      super("low", 1, true);
    }
  }

  /** The lowest priority there is: must never win by priority. */
  public static final class Least extends Fixed implements Ranked {
    /** Registered through META-INF/services. */
    public Least() {
      super("least", Integer.MIN_VALUE, true);
    }
  }

  /** The highest priority, but not available here. */
  public static final class Off extends Fixed implements Ranked {
    /** Registered through META-INF/services. */
    public Off() {
      super("off", 100, false);
    }
  }

  /** Fails while loading, as a provider whose class path is broken does. */
  public static final class Broken extends Fixed implements Ranked {
    /** Registered through META-INF/services; always throws. */
    public Broken() {
      super("broken", 1000, true);
      throw new IllegalStateException("broken on purpose");
    }
  }

  /** The only {@link Dormant} provider; not available. */
  public static final class Asleep extends Fixed implements Dormant {
    /** Registered through META-INF/services. */
    public Asleep() {
      super("asleep", 0, false);
    }
  }

  /** Registered first under the name "same". */
  public static final class SameFirst extends Fixed implements Twice {
    /** Registered through META-INF/services. */
    public SameFirst() {
      super("same", 0, true);
    }
  }

  /** Registered second under the name "same". */
  public static final class SameSecond extends Fixed implements Twice {
    /** Registered through META-INF/services. */
    public SameSecond() {
      super("same", 9, true);
    }
  }
}
