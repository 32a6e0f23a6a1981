package io.github.vectorrecall.train.data;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-user chronological leave-last-out, as the evaluation protocol defines it: duplicate (user,
 * item) pairs keep the earliest; each user's interactions are sorted by (timestamp, item id); the
 * last is the test item, the one before it the validation item, the rest train. Users with fewer
 * than 3 interactions keep them all in train and are not evaluated.
 */
public final class LeaveLastOutSplit {
  /**
   * One evaluated user.
   *
   * @param userId the user
   * @param train train items, oldest first
   * @param validationItem the second-to-last item
   * @param testItem the last item
   */
  public record Case(long userId, long[] train, long validationItem, long testItem) {
    /**
     * The known history at test time: train then validation, oldest first.
     *
     * @return a new array
     */
    public long[] trainAndValidation() {
      long[] out = java.util.Arrays.copyOf(train, train.length + 1);
      out[train.length] = validationItem;
      return out;
    }
  }

  private final Dataset data;
  private final List<Interaction> train;
  private final List<Interaction> trainAndValidation;
  private final List<Case> cases;

  private LeaveLastOutSplit(
      Dataset data, List<Interaction> train, List<Interaction> trainAndValidation,
      List<Case> cases) {
    this.data = data;
    this.train = train;
    this.trainAndValidation = trainAndValidation;
    this.cases = cases;
  }

  /**
   * Splits a data set.
   *
   * @param data all interactions and features
   * @return the split
   */
  public static LeaveLastOutSplit of(Dataset data) {
    Objects.requireNonNull(data, "data");
    List<Interaction> train = new ArrayList<>();
    List<Interaction> trainVal = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    Map<Long, List<Interaction>> byUser = chronologicalByUser(data.interactions());
    for (Map.Entry<Long, List<Interaction>> e : byUser.entrySet()) {
      List<Interaction> unique = e.getValue();
      int n = unique.size();
      if (n < 3) {
        train.addAll(unique);
        trainVal.addAll(unique);
        continue;
      }
      long[] trainItems = new long[n - 2];
      for (int i = 0; i < n - 2; i++) {
        trainItems[i] = unique.get(i).itemId();
        train.add(unique.get(i));
        trainVal.add(unique.get(i));
      }
      trainVal.add(unique.get(n - 2));
      cases.add(new Case(e.getKey(), trainItems, unique.get(n - 2).itemId(),
          unique.get(n - 1).itemId()));
    }
    return new LeaveLastOutSplit(data, Collections.unmodifiableList(train),
        Collections.unmodifiableList(trainVal), Collections.unmodifiableList(cases));
  }

  /**
   * Groups interactions by user (users in order of first appearance), each user's sorted by
   * (timestamp, item id) with repeated items dropped after their earliest occurrence: the one
   * ordering that the split and the trainer share.
   *
   * @param interactions any interactions
   * @return user id to that user's chronological, de-duplicated interactions
   */
  public static Map<Long, List<Interaction>> chronologicalByUser(List<Interaction> interactions) {
    Map<Long, List<Interaction>> byUser = new LinkedHashMap<>();
    for (Interaction x : interactions) {
      byUser.computeIfAbsent(x.userId(), k -> new ArrayList<>()).add(x);
    }
    Comparator<Interaction> chronological =
        Comparator.comparingLong(Interaction::timestamp).thenComparingLong(Interaction::itemId);
    for (Map.Entry<Long, List<Interaction>> e : byUser.entrySet()) {
      List<Interaction> list = e.getValue();
      list.sort(chronological);
      Set<Long> seen = new HashSet<>();
      List<Interaction> unique = new ArrayList<>(list.size());
      for (Interaction x : list) {
        if (seen.add(x.itemId())) {
          unique.add(x);
        }
      }
      e.setValue(unique);
    }
    return byUser;
  }

  /**
   * The train part, with all features (for model selection against the validation item).
   *
   * @return a data set
   */
  public Dataset train() {
    return data.withInteractions(train);
  }

  /**
   * Train plus validation items (for the final model, which is scored on the test item).
   *
   * @return a data set
   */
  public Dataset trainAndValidation() {
    return data.withInteractions(trainAndValidation);
  }

  /**
   * The evaluated users.
   *
   * @return one case per user with at least 3 interactions
   */
  public List<Case> cases() {
    return cases;
  }

  /**
   * The data that was split.
   *
   * @return the full data set
   */
  public Dataset data() {
    return data;
  }
}
