package io.github.vectorrecall.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeJournalTest {
  /** Records the calls a replay makes, and the state they leave. */
  private static final class Recorder implements ChangeJournal.Target {
    final List<String> calls = new ArrayList<>();
    final Map<Long, float[]> state = new HashMap<>();

    @Override
    public void remove(long id) {
      calls.add("remove " + id);
      state.remove(id);
    }

    @Override
    public void upsert(long id, float[] vector) {
      calls.add("upsert " + id + " " + vector[0]);
      state.put(id, vector);
    }
  }

  @Test
  void replay_appliesChangesInTheOrderMade() {
    ChangeJournal j = new ChangeJournal();
    float[] a = {1};
    float[] b = {2};
    j.upserted(7, a);
    j.removed(8);
    j.upserted(7, b);
    j.removed(7);
    j.upserted(9, a);
    assertEquals(5, j.size());
    Recorder r = new Recorder();
    j.replay(r);
    assertEquals(List.of("upsert 7 1.0", "remove 8", "upsert 7 2.0", "remove 7", "upsert 9 1.0"),
        r.calls);
    assertEquals(Map.of(9L, a), r.state);
    assertSame(a, r.state.get(9L));
  }

  @Test
  void replay_lastChangeOfAnIdWins() {
    ChangeJournal j = new ChangeJournal();
    float[] v = {3};
    j.removed(1);
    j.upserted(1, v);
    Recorder r = new Recorder();
    r.state.put(1L, new float[] {0});
    j.replay(r);
    assertSame(v, r.state.get(1L));
  }

  @Test
  void replay_empty_callsNothing() {
    Recorder r = new Recorder();
    new ChangeJournal().replay(r);
    assertEquals(List.of(), r.calls);
  }
}
