package io.github.vectorrecall.train;

import io.github.vectorrecall.model.internal.Featurizer;
import io.github.vectorrecall.model.internal.UserBatch;
import io.github.vectorrecall.model.internal.WindowBatch;
import java.util.Arrays;
import java.util.Random;

/**
 * One-pass batches: each epoch cuts every user's sequence into windows of at most {@code
 * window} consecutive targets (the first window of each user a random length, so that windows
 * start elsewhere every epoch), shuffles the windows, and cuts the stream of their targets into
 * batches of equal size (a window that does not fit is split between two batches). A window's
 * targets share one read of the items their histories need, its context: the at most {@code
 * maxHistory} items before the window plus the window's own items but the last
 * ({@link WindowBatch}).
 *
 * <p>Every target at position t reads the same history as {@link PositionBatches} gives it: the
 * last {@code maxHistory} known items (row &gt; 0) before t, ranked from the most recent, exactly
 * what the served encoder reads for that prefix.
 */
final class WindowBatches implements TrainingBatches {
  private final TrainingSequences seqs;
  private final Featurizer featurizer;
  private final int batch;
  private final int window;
  private final int maxHistory;
  private final int total;
  /** Per user: the known items (row &gt; 0) in order. */
  private final int[][] known;
  /** Per user: how many known items come before each position (length + 1 entries). */
  private final int[][] knownBefore;

  // The current epoch's windows, in shuffled order, and the first target of each in the stream.
  private int windows;
  private int[] owner = new int[0];
  private int[] from = new int[0];
  private int[] to = new int[0];
  private long[] start = new long[0];

  // Scratch of one batch: its pieces of windows.
  private int[] pieceOwner = new int[0];
  private int[] pieceFrom = new int[0];
  private int[] pieceTo = new int[0];
  private int[] pieceLow = new int[0];

  WindowBatches(TrainingSequences seqs, Featurizer featurizer, int batch, int window,
      int maxHistory) {
    this.seqs = seqs;
    this.featurizer = featurizer;
    this.batch = batch;
    this.window = window;
    this.maxHistory = maxHistory;
    this.known = new int[seqs.size()][];
    this.knownBefore = new int[seqs.size()][];
    this.total = seqs.interactions();
    for (int u = 0; u < seqs.size(); u++) {
      int[] seq = seqs.items(u);
      int[] before = new int[seq.length + 1];
      int n = 0;
      for (int p = 0; p < seq.length; p++) {
        before[p] = n;
        if (seq[p] > 0) {
          n++;
        }
      }
      before[seq.length] = n;
      int[] rows = new int[n];
      n = 0;
      for (int row : seq) {
        if (row > 0) {
          rows[n++] = row;
        }
      }
      known[u] = rows;
      knownBefore[u] = before;
    }
  }

  @Override
  public int batchesPerEpoch() {
    return Math.max(1, total / batch);
  }

  @Override
  public void shuffle(Random rnd) {
    int capacity = 0;
    for (int u = 0; u < seqs.size(); u++) {
      capacity += seqs.items(u).length / window + 2;
    }
    if (owner.length < capacity) {
      owner = new int[capacity];
      from = new int[capacity];
      to = new int[capacity];
      start = new long[capacity + 1];
    }
    int n = 0;
    for (int u = 0; u < seqs.size(); u++) {
      int length = seqs.items(u).length;
      if (length == 0) {
        continue;
      }
      int end = rnd.nextInt(window) + 1;
      for (int p = 0; p < length; p = end, end = p + window) {
        owner[n] = u;
        from[n] = p;
        to[n] = Math.min(end, length);
        n++;
      }
    }
    windows = n;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      swap(owner, i, j);
      swap(from, i, j);
      swap(to, i, j);
    }
    start[0] = 0;
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + to[i] - from[i];
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  @Override
  public void fill(int index, TrainingBatch out) {
    int size = out.size();
    int pieces = cut((long) index * size, size);
    int width = 1;
    int context = 1;
    for (int s = 0; s < pieces; s++) {
      int[] before = knownBefore[pieceOwner[s]];
      pieceLow[s] = Math.max(0, before[pieceFrom[s]] - maxHistory);
      width = Math.max(width, pieceTo[s] - pieceFrom[s]);
      context = Math.max(context, before[pieceTo[s] - 1] - pieceLow[s]);
    }
    WindowBatch wb = new WindowBatch(pieces, width, context, size);
    UserBatch users = out.users;
    int slot = 0;
    for (int s = 0; s < pieces; s++) {
      int u = pieceOwner[s];
      int[] seq = seqs.items(u);
      int[] rows = known[u];
      int[] before = knownBefore[u];
      int low = pieceLow[s];
      for (int k = 0; k < before[pieceTo[s] - 1] - low; k++) {
        wb.contextRows[s * context + k] = rows[low + k];
      }
      int first = slot;
      for (int p = pieceFrom[s]; p < pieceTo[s]; p++) {
        int j = p - pieceFrom[s];
        int cp = before[p];
        int base = (s * width + j) * context;
        for (int q = Math.max(low, cp - maxHistory); q < cp; q++) {
          wb.rank[base + q - low] = cp - 1 - q;
          wb.mask[base + q - low] = 1f;
        }
        wb.slots[slot] = (long) s * width + j;
        out.targets[slot] = seq[p];
        out.owners[slot] = u;
        out.positions[slot] = p;
        if (slot == first) {
          featurizer.fillUserFeatures(users, slot, seqs.user(u));
        } else {
          copyUser(users, first, slot);
        }
        slot++;
      }
    }
    out.windows = wb;
  }

  /**
   * The pieces of windows that hold the {@code size} targets from a place in the epoch's
   * stream (wrapping around when an epoch has fewer targets than a batch).
   *
   * @return the number of pieces
   */
  private int cut(long first, int size) {
    if (pieceOwner.length < size) {
      pieceOwner = new int[size];
      pieceFrom = new int[size];
      pieceTo = new int[size];
      pieceLow = new int[size];
    }
    long at = first % start[windows];
    int w = Arrays.binarySearch(start, 0, windows + 1, at);
    w = w >= 0 ? w : -w - 2;
    int offset = (int) (at - start[w]);
    int pieces = 0;
    for (int left = size; left > 0; pieces++) {
      int begin = from[w] + offset;
      int end = Math.min(to[w], begin + left);
      pieceOwner[pieces] = owner[w];
      pieceFrom[pieces] = begin;
      pieceTo[pieces] = end;
      left -= end - begin;
      offset = 0;
      w = w + 1 < windows ? w + 1 : 0;
    }
    return pieces;
  }

  private static void copyUser(UserBatch b, int from, int to) {
    b.idRows[to] = b.idRows[from];
    int cat = b.catRows.length / b.size;
    System.arraycopy(b.catRows, from * cat, b.catRows, to * cat, cat);
    int dense = b.dense.length / b.size;
    System.arraycopy(b.dense, from * dense, b.dense, to * dense, dense);
  }
}
