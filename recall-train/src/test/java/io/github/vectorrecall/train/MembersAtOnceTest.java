package io.github.vectorrecall.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link MembersAtOnce}: results in the members' order, and the first failure stops the rest. */
class MembersAtOnceTest {
  @Test
  void results_comeInTheMembersOrder_whateverOrderTheyFinishIn() {
    CountDownLatch secondDone = new CountDownLatch(1);
    Callable<String> first = () -> {
      assertTrue(secondDone.await(10, TimeUnit.SECONDS), "member 1 finished first");
      return "zero";
    };
    Callable<String> second = () -> {
      secondDone.countDown();
      return "one";
    };
    assertEquals(List.of("zero", "one"), MembersAtOnce.run(List.of(first, second), 2));
  }

  @Test
  void firstFailure_isThrown_afterTheOtherMemberStopped() {
    AtomicBoolean otherInterrupted = new AtomicBoolean();
    AtomicBoolean otherRunning = new AtomicBoolean(true);
    CountDownLatch otherStarted = new CountDownLatch(1);
    Callable<String> waits = () -> {
      otherStarted.countDown();
      try {
        Thread.sleep(60_000);
        return "never";
      } catch (InterruptedException e) {
        otherInterrupted.set(true);
        throw new IllegalStateException("interrupted", e);
      } finally {
        otherRunning.set(false);
      }
    };
    Callable<String> fails = () -> {
      assertTrue(otherStarted.await(10, TimeUnit.SECONDS));
      throw new IllegalArgumentException("member 1 broke");
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MembersAtOnce.run(List.of(waits, fails), 2));
    assertEquals("member 1 broke", e.getMessage());
    assertTrue(otherInterrupted.get(), "the other member was interrupted");
    assertTrue(!otherRunning.get(), "and had stopped when the failure was thrown");
  }
}
