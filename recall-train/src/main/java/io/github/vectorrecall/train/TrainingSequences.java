package io.github.vectorrecall.train;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Each user's chronological, de-duplicated sequence of item rows, the training examples they
 * give (every position is a target), and the hold-out of each user's last item.
 */
final class TrainingSequences {
  /**
   * The training sequences minus each held-out item, and the held-out items.
   *
   * @param train the sequences left to train on (every user kept, in order)
   * @param users index of each held-out item's user in the sequences
   * @param targets the held-out item rows
   */
  record HoldOut(TrainingSequences train, List<Integer> users, List<Integer> targets) {}

  /** Training examples: each is (user index, position) into the sequences. */
  static final class Examples {
    final int[] user;
    final int[] pos;
    final int count;

    private Examples(TrainingSequences s) {
      int total = 0;
      for (int[] seq : s.rows) {
        total += seq.length;
      }
      user = new int[total];
      pos = new int[total];
      int n = 0;
      for (int u = 0; u < s.rows.size(); u++) {
        for (int p = 0; p < s.rows.get(u).length; p++) {
          user[n] = u;
          pos[n] = p;
          n++;
        }
      }
      count = n;
    }
  }

  private final List<UserFeatures> users = new ArrayList<>();
  private final List<int[]> rows = new ArrayList<>();

  private TrainingSequences() {}

  /**
   * Every user's sequence, users in the order of {@link LeaveLastOutSplit#chronologicalByUser}.
   *
   * @param data the interactions
   * @param featurizer maps item ids to rows
   * @return the sequences
   */
  static TrainingSequences of(Dataset data, Featurizer featurizer) {
    TrainingSequences s = new TrainingSequences();
    for (Map.Entry<Long, List<Interaction>> e :
        LeaveLastOutSplit.chronologicalByUser(data.interactions()).entrySet()) {
      List<Interaction> list = e.getValue();
      int[] seq = new int[list.size()];
      for (int i = 0; i < seq.length; i++) {
        seq[i] = featurizer.itemRow(list.get(i).itemId());
      }
      s.users.add(data.users().get(e.getKey()));
      s.rows.add(seq);
    }
    return s;
  }

  /** @return the number of users */
  int size() {
    return rows.size();
  }

  /** @return user {@code u}'s features */
  UserFeatures user(int u) {
    return users.get(u);
  }

  /** @return user {@code u}'s item rows, oldest first (not a copy) */
  int[] items(int u) {
    return rows.get(u);
  }

  /** @return the number of interactions over all users */
  int interactions() {
    return rows.stream().mapToInt(r -> r.length).sum();
  }

  /** @return every (user, position) pair, user by user */
  Examples examples() {
    return new Examples(this);
  }

  /**
   * Holds out the last item of every user with at least {@code minLength} items.
   *
   * @param minLength the shortest sequence that gives up an item
   * @return the rest and the held-out items
   */
  HoldOut holdOutLast(int minLength) {
    TrainingSequences train = new TrainingSequences();
    List<Integer> heldUsers = new ArrayList<>();
    List<Integer> heldTargets = new ArrayList<>();
    for (int u = 0; u < rows.size(); u++) {
      int[] seq = rows.get(u);
      train.users.add(users.get(u));
      if (seq.length >= minLength) {
        train.rows.add(Arrays.copyOf(seq, seq.length - 1));
        heldUsers.add(u);
        heldTargets.add(seq[seq.length - 1]);
      } else {
        train.rows.add(seq);
      }
    }
    return new HoldOut(train, heldUsers, heldTargets);
  }

  /**
   * Fisher-Yates from the last position down, one {@code nextInt} per position: the order of
   * draws that seeded training depends on.
   *
   * @param a shuffled in place
   * @param rnd the draws
   */
  static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
