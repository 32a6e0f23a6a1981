package io.github.vectorrecall.bench;

import io.github.vectorrecall.UserQuery;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark requests: each user of a data set with the 50 items they saw last. */
final class UserQueries {
  private UserQueries() {}

  /**
   * One query per user, in user-id order, at most {@code limit}.
   *
   * @param data the data set
   * @param limit how many users at most
   * @return the queries
   */
  static List<UserQuery> of(Dataset data, int limit) {
    Map<Long, List<Interaction>> byUser =
        LeaveLastOutSplit.chronologicalByUser(data.interactions());
    List<UserQuery> list = new ArrayList<>();
    byUser.keySet().stream().sorted().limit(limit).forEach(user -> {
      List<Interaction> seq = byUser.get(user);
      long[] history = seq.subList(Math.max(0, seq.size() - 50), seq.size()).stream()
          .mapToLong(Interaction::itemId).toArray();
      list.add(UserQuery.builder(data.users().get(user)).history(history).build());
    });
    return list;
  }
}
