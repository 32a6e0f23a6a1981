package io.github.vectorrecall.train;

import ai.djl.ndarray.NDManager;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.ItemBatch;
import io.github.vectorrecall.model.internal.ModelFile;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.torch.internal.TwoTowerNet;
import io.github.vectorrecall.train.eval.RankingMetrics;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The held-out items early stopping measures: a sample of users (all of them when few) and each
 * one's held-out item row, ranked after every epoch over the whole catalog minus the user's
 * training history.
 */
final class HoldOutValidation {
  /** Users scored for early stopping at most (sampled with the seed when there are more). */
  static final int MAX_USERS = 20_000;
  /**
   * User-item scores per validation at most: large catalogs validate on fewer users (never under
   * {@value #MIN_USERS}), so that the full ranking stays a few seconds per epoch.
   */
  static final long MAX_SCORES = 200_000_000L;
  /** Users scored at least, when that many are held out. */
  static final int MIN_USERS = 2_000;
  /** The figure early stopping follows. */
  static final String SELECTION_METRIC = "HR@50";

  private static final int CHUNK = 1024;

  private final int[] users;
  private final int[] targets;

  private HoldOutValidation(int[] users, int[] targets) {
    this.users = users;
    this.targets = targets;
  }

  /**
   * Picks the users to validate on: all of them up to the cap for this catalog size, else a
   * shuffle by the seed's own generator, cut to the cap.
   *
   * @param held the hold-out
   * @param items catalog items (without the unknown row)
   * @param seed the training seed
   * @return the validation set, maybe empty
   */
  static HoldOutValidation sample(TrainingSequences.HoldOut held, int items, long seed) {
    List<Integer> heldUsers = held.users();
    List<Integer> heldTargets = held.targets();
    int n = heldUsers.size();
    int cap = (int) Math.max(MIN_USERS, Math.min(MAX_USERS, MAX_SCORES / Math.max(1, items)));
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (n > cap) {
      TrainingSequences.shuffle(idx, new Random(seed ^ 0x5DEECE66DL));
      n = cap;
    }
    int[] u = new int[n];
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      u[i] = heldUsers.get(idx[i]);
      t[i] = heldTargets.get(idx[i]);
    }
    return new HoldOutValidation(u, t);
  }

  /** @return whether no user is validated on */
  boolean isEmpty() {
    return users.length == 0;
  }

  /**
   * HR@10/50/100 and NDCG@50 of the held-out items under the current weights.
   *
   * @param base the manager the towers' outputs are made under (freed chunk by chunk)
   * @param net the model
   * @param featurizer the features' layout
   * @param itemByRow the item of every row, row 0 the unknown item
   * @param seqs the training sequences: each user's history
   * @return the metrics by name
   */
  Map<String, Double> measure(NDManager base, TwoTowerNet net, Featurizer featurizer,
      ItemFeatures[] itemByRow, TrainingSequences seqs) {
    return measure(base, List.of(net), featurizer, itemByRow, seqs);
  }

  /**
   * The same metrics for an ensemble: each member's unit vectors scaled by {@code 1/sqrt(E)} and
   * concatenated, as the served encoders do, so a score is the mean of the members' scores.
   *
   * @param base the manager the towers' outputs are made under (freed chunk by chunk)
   * @param nets the members, one layout but for the pooling
   * @param featurizer the features' layout
   * @param itemByRow the item of every row, row 0 the unknown item
   * @param seqs the training sequences: each user's history
   * @return the metrics by name
   */
  Map<String, Double> measure(NDManager base, List<TwoTowerNet> nets, Featurizer featurizer,
      ItemFeatures[] itemByRow, TrainingSequences seqs) {
    int rows = itemByRow.length;
    TwoTowerNet net = nets.get(0);
    int md = net.spec().dimension();
    int d = md * nets.size();
    float scale = ModelFile.ensembleScale(nets.size());
    float[] items = new float[rows * d];
    ItemBatch ib = new ItemBatch(CHUNK, net.spec());
    for (int from = 1; from < rows; from += CHUNK) {
      int n = Math.min(CHUNK, rows - from);
      for (int j = 0; j < CHUNK; j++) {
        featurizer.fillItem(ib, j, itemByRow[from + Math.min(j, n - 1)]);
      }
      for (int e = 0; e < nets.size(); e++) {
        try (NDManager m = base.newSubManager()) {
          place(nets.get(e).itemTower(m, ib).toFloatArray(), n, md, e, nets.size(), scale,
              items, from);
        }
      }
    }
    UserBatch ub = new UserBatch(CHUNK, net.spec());
    float[] scores = new float[rows];
    RankingMetrics metrics = new RankingMetrics(new int[] {10, 50, 100}, new int[] {50});
    for (int from = 0; from < users.length; from += CHUNK) {
      int n = Math.min(CHUNK, users.length - from);
      for (int j = 0; j < CHUNK; j++) {
        int u = users[from + Math.min(j, n - 1)];
        int[] seq = seqs.items(u);
        featurizer.fillUser(ub, j, seqs.user(u), seq, 0, seq.length);
      }
      float[] uv = new float[CHUNK * d];
      for (int e = 0; e < nets.size(); e++) {
        try (NDManager m = base.newSubManager()) {
          place(nets.get(e).userTower(m, ub).toFloatArray(), n, md, e, nets.size(), scale, uv,
              0);
        }
      }
      for (int j = 0; j < n; j++) {
        for (int r = 1; r < rows; r++) {
          float s = 0;
          for (int k = 0; k < d; k++) {
            s += uv[j * d + k] * items[r * d + k];
          }
          scores[r] = s;
        }
        scores[0] = Float.NEGATIVE_INFINITY;
        for (int r : seqs.items(users[from + j])) {
          scores[r] = Float.NEGATIVE_INFINITY;
        }
        metrics.add(RankingMetrics.rank(scores, targets[from + j]));
      }
    }
    return metrics.means();
  }

  /**
   * Rows [0, n) of one member's vectors (dimension md) into member e's slice of the rows of
   * {@code out} from row {@code at}: copied as they are for a single model, else scaled.
   */
  private static void place(float[] member, int n, int md, int e, int members, float scale,
      float[] out, int at) {
    int d = md * members;
    for (int i = 0; i < n; i++) {
      if (members == 1) {
        System.arraycopy(member, i * md, out, (at + i) * d, md);
      } else {
        for (int k = 0; k < md; k++) {
          out[(at + i) * d + e * md + k] = member[i * md + k] * scale;
        }
      }
    }
  }
}
