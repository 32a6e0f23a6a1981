package io.github.vectorrecall.spi;

/**
 * What every provider has: a name to be chosen by, a priority to be chosen without one, and a
 * cheap availability check. Constructors and static initialisers of providers do no native
 * loading, file or network access; that happens in their factory methods.
 */
public interface NamedProvider {

  /**
   * The name users select this provider by, lower case, such as "hnswlib".
   *
   * @return the name
   */
  String name();

  /**
   * Chosen before providers of lower priority when no name is given.
   *
   * @return the priority, 0 by default
   */
  default int priority() {
    return 0;
  }

  /**
   * Whether the provider can work here (its libraries are present); cheap and side-effect free.
   *
   * @return true if usable
   */
  default boolean isAvailable() {
    return true;
  }

  /**
   * What is missing when {@link #isAvailable()} is false, for the error a caller sees when it
   * selects this provider by name: for example which dependency to add.
   *
   * @return a short sentence; by default that a native library or dependency is missing
   */
  default String unavailableReason() {
    return "its native library or dependency is missing";
  }
}
