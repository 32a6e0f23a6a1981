package io.github.vectorrecall.hnsw.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes made to an index while a compaction builds its new graph, in order, to be replayed
 * onto that graph before it replaces the old one. An entry is the outcome of a change: the id
 * with its vector when the change left it in the index, its removal otherwise. Not thread-safe:
 * the index records and replays under its write lock.
 */
public final class ChangeJournal {
  private final List<Long> ids = new ArrayList<>();
  private final List<float[]> vectors = new ArrayList<>();

  /** Where a journal is replayed: the index being built by the compaction. */
  public interface Target {
    /**
     * Removes an id if present.
     *
     * @param id the id
     */
    void remove(long id);

    /**
     * Adds an id, or replaces its vector.
     *
     * @param id the id
     * @param vector its prepared vector
     */
    void upsert(long id, float[] vector);
  }

  /**
   * Records that an id holds a vector now.
   *
   * @param id the id
   * @param vector its prepared vector (kept, not copied)
   */
  public void upserted(long id, float[] vector) {
    ids.add(id);
    vectors.add(vector);
  }

  /**
   * Records that an id is no longer in the index.
   *
   * @param id the id
   */
  public void removed(long id) {
    ids.add(id);
    vectors.add(null);
  }

  /** @return changes recorded */
  public int size() {
    return ids.size();
  }

  /**
   * Applies the changes to a target, in the order they were made.
   *
   * @param target the index being built
   */
  public void replay(Target target) {
    for (int i = 0; i < ids.size(); i++) {
      float[] v = vectors.get(i);
      if (v == null) {
        target.remove(ids.get(i));
      } else {
        target.upsert(ids.get(i), v);
      }
    }
  }
}
