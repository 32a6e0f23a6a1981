package io.github.vectorrecall.model.internal;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.Schema;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.io.ChecksummedFile;
import io.github.vectorrecall.model.Pooling;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps the caller's ids and feature values to embedding rows, and fills the flat batch arrays the
 * towers read. Row 0 of every id table is "unknown" (and sequence padding); each categorical field
 * reserves its own unknown row. Immutable after {@link #fit}; thread-safe.
 */
public final class Featurizer {
  private final Schema schema;
  private final int maxHistory;
  private final int maxTags;
  private final long[] userIds;
  private final long[] itemIds;
  private final Map<Long, Integer> userRows;
  private final Map<Long, Integer> itemRows;
  private final List<Map<String, Integer>> userCat;
  private final List<Map<String, Integer>> itemCat;
  private final int[] userCatOffset;
  private final int[] itemCatOffset;
  private final int userCatRows;
  private final int itemCatRows;
  private final List<String> tags;
  private final Map<String, Integer> tagRows;

  private Featurizer(
      Schema schema,
      int maxHistory,
      int maxTags,
      long[] userIds,
      long[] itemIds,
      List<List<String>> userCatValues,
      List<List<String>> itemCatValues,
      List<String> tags) {
    this.schema = schema;
    this.maxHistory = maxHistory;
    this.maxTags = maxTags;
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.userRows = rows(userIds);
    this.itemRows = rows(itemIds);
    this.userCat = new ArrayList<>();
    this.userCatOffset = new int[userCatValues.size()];
    this.userCatRows = layout(userCatValues, userCat, userCatOffset);
    this.itemCat = new ArrayList<>();
    this.itemCatOffset = new int[itemCatValues.size()];
    this.itemCatRows = layout(itemCatValues, itemCat, itemCatOffset);
    this.tags = List.copyOf(tags);
    this.tagRows = new HashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      tagRows.put(tags.get(i), i + 1);
    }
  }

  private static Map<Long, Integer> rows(long[] ids) {
    Map<Long, Integer> m = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      m.put(ids[i], i + 1);
    }
    return m;
  }

  private static int layout(
      List<List<String>> values, List<Map<String, Integer>> maps, int[] offsets) {
    int next = 0;
    for (int f = 0; f < values.size(); f++) {
      offsets[f] = next;
      Map<String, Integer> m = new HashMap<>();
      List<String> vs = values.get(f);
      for (int i = 0; i < vs.size(); i++) {
        m.put(vs.get(i), i + 1);
      }
      maps.add(m);
      next += vs.size() + 1;
    }
    return next;
  }

  /**
   * Builds the vocabularies of a data set (every user, item, feature value and tag in it).
   *
   * @param data the training data
   * @param maxHistory behaviour-sequence length
   * @param maxTags tags per item read by the item tower
   * @return the featurizer
   */
  public static Featurizer fit(Dataset data, int maxHistory, int maxTags) {
    Schema schema = data.schema();
    long[] users = data.users().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    long[] items = data.items().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    List<List<String>> uc = new ArrayList<>();
    for (String f : schema.userCategorical()) {
      TreeSet<String> vs = new TreeSet<>();
      data.users().values().forEach(u -> {
        String v = u.categorical().get(f);
        if (v != null) {
          vs.add(v);
        }
      });
      uc.add(new ArrayList<>(vs));
    }
    List<List<String>> ic = new ArrayList<>();
    for (String f : schema.itemCategorical()) {
      TreeSet<String> vs = new TreeSet<>();
      data.items().values().forEach(i -> {
        String v = i.categorical().get(f);
        if (v != null) {
          vs.add(v);
        }
      });
      ic.add(new ArrayList<>(vs));
    }
    TreeSet<String> tagSet = new TreeSet<>();
    int longest = 0;
    for (ItemFeatures i : data.items().values()) {
      tagSet.addAll(i.tags());
      longest = Math.max(longest, i.tags().size());
    }
    int tagsRead = tagSet.isEmpty() ? 0 : Math.max(1, Math.min(maxTags, longest));
    return new Featurizer(schema, maxHistory, tagsRead, users, items, uc, ic,
        new ArrayList<>(tagSet));
  }

  /**
   * The model layout for these vocabularies.
   *
   * @param dimension output dimension
   * @param embeddingDimension embedding width
   * @param hiddenDimension hidden width
   * @param pooling how the user tower pools the behaviour sequence
   * @return the spec
   */
  public ModelSpec spec(int dimension, int embeddingDimension, int hiddenDimension,
      Pooling pooling) {
    return new ModelSpec(dimension, embeddingDimension, hiddenDimension, maxHistory, maxTags,
        userIds.length + 1, itemIds.length + 1, userCat.size(), userCatRows,
        schema.userDense().size(), itemCat.size(), itemCatRows, tags.size() + 1,
        schema.itemDense().size(), pooling);
  }

  /** @return the schema the model was trained on */
  public Schema schema() {
    return schema;
  }

  /** @return behaviour-sequence length */
  public int maxHistory() {
    return maxHistory;
  }

  /** @return number of known items */
  public int itemCount() {
    return itemIds.length;
  }

  /** @return number of known users */
  public int userCount() {
    return userIds.length;
  }

  /**
   * The embedding row of a user id.
   *
   * @param id user id
   * @return its row, or 0 if unknown
   */
  public int userRow(long id) {
    Integer r = userRows.get(id);
    return r == null ? 0 : r;
  }

  /**
   * The embedding row of an item id.
   *
   * @param id item id
   * @return its row, or 0 if unknown
   */
  public int itemRow(long id) {
    Integer r = itemRows.get(id);
    return r == null ? 0 : r;
  }

  /**
   * The item id of a row.
   *
   * @param row a row from 1 to {@link #itemCount()}
   * @return the id
   */
  public long itemId(int row) {
    return itemIds[row - 1];
  }

  /**
   * Fills one user's slot of a batch.
   *
   * @param b the batch
   * @param slot position in the batch
   * @param user id and features
   * @param historyRows item rows of the behaviour sequence, oldest first (0 entries are skipped)
   * @param from first index into historyRows
   * @param to one past the last index; the last {@code maxHistory} rows before it are used
   */
  public void fillUser(UserBatch b, int slot, UserFeatures user, int[] historyRows, int from,
      int to) {
    fillUserFeatures(b, slot, user);
    int base = slot * maxHistory;
    int n = 0;
    for (int i = to - 1; i >= from && n < maxHistory; i--) {
      int row = historyRows[i];
      if (row > 0) {
        b.history[base + n] = row;
        b.historyMask[base + n] = 1f;
        n++;
      }
    }
    for (; n < maxHistory; n++) {
      b.history[base + n] = 0;
      b.historyMask[base + n] = 0f;
    }
  }

  /**
   * Fills one user's id and features in a batch, not the behaviour sequence.
   *
   * @param b the batch
   * @param slot position in the batch
   * @param user id and features
   */
  public void fillUserFeatures(UserBatch b, int slot, UserFeatures user) {
    b.idRows[slot] = userRow(user.userId());
    int fields = userCat.size();
    List<String> names = schema.userCategorical();
    for (int f = 0; f < fields; f++) {
      String v = user.categorical().get(names.get(f));
      Integer local = v == null ? null : userCat.get(f).get(v);
      b.catRows[slot * fields + f] = userCatOffset[f] + (local == null ? 0 : local);
    }
    List<String> dense = schema.userDense();
    for (int d = 0; d < dense.size(); d++) {
      Float v = user.dense().get(dense.get(d));
      b.dense[slot * dense.size() + d] = v == null ? 0f : v;
    }
  }

  /**
   * Fills one item's slot of a batch.
   *
   * @param b the batch
   * @param slot position in the batch
   * @param item id and features
   */
  public void fillItem(ItemBatch b, int slot, ItemFeatures item) {
    b.idRows[slot] = itemRow(item.itemId());
    int fields = itemCat.size();
    List<String> names = schema.itemCategorical();
    for (int f = 0; f < fields; f++) {
      String v = item.categorical().get(names.get(f));
      Integer local = v == null ? null : itemCat.get(f).get(v);
      b.catRows[slot * fields + f] = itemCatOffset[f] + (local == null ? 0 : local);
    }
    int base = slot * maxTags;
    int n = 0;
    for (String t : item.tags()) {
      if (n == maxTags) {
        break;
      }
      Integer row = tagRows.get(t);
      if (row != null) {
        b.tags[base + n] = row;
        b.tagMask[base + n] = 1f;
        n++;
      }
    }
    for (; n < maxTags; n++) {
      b.tags[base + n] = 0;
      b.tagMask[base + n] = 0f;
    }
    List<String> dense = schema.itemDense();
    for (int d = 0; d < dense.size(); d++) {
      Float v = item.dense().get(dense.get(d));
      b.dense[slot * dense.size() + d] = v == null ? 0f : v;
    }
  }

  /**
   * Writes the vocabularies.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(maxHistory);
    out.writeInt(maxTags);
    writeStrings(out, schema.userCategorical());
    writeStrings(out, schema.userDense());
    writeStrings(out, schema.itemCategorical());
    writeStrings(out, schema.itemDense());
    out.writeBoolean(schema.itemTags());
    writeLongs(out, userIds);
    writeLongs(out, itemIds);
    for (Map<String, Integer> m : userCat) {
      writeStrings(out, byRow(m));
    }
    for (Map<String, Integer> m : itemCat) {
      writeStrings(out, byRow(m));
    }
    writeStrings(out, tags);
  }

  private static List<String> byRow(Map<String, Integer> m) {
    String[] out = new String[m.size()];
    m.forEach((k, v) -> out[v - 1] = k);
    return List.of(out);
  }

  /**
   * Reads vocabularies written by {@link #write}.
   *
   * @param path the file, for messages
   * @param in the stream
   * @return the featurizer
   * @throws IOException if reading fails
   */
  public static Featurizer read(Path path, DataInputStream in) throws IOException {
    int maxHistory = ChecksummedFile.readCount(path, in, "maxHistory", 1 << 20);
    int maxTags = ChecksummedFile.readCount(path, in, "maxTags", 1 << 16);
    List<String> uc = readStrings(path, in);
    List<String> ud = readStrings(path, in);
    List<String> ic = readStrings(path, in);
    List<String> id = readStrings(path, in);
    boolean tags = in.readBoolean();
    Schema schema = new Schema(uc, ud, ic, id, tags);
    long[] users = readLongs(path, in);
    long[] items = readLongs(path, in);
    List<List<String>> ucv = new ArrayList<>();
    for (int i = 0; i < uc.size(); i++) {
      ucv.add(readStrings(path, in));
    }
    List<List<String>> icv = new ArrayList<>();
    for (int i = 0; i < ic.size(); i++) {
      icv.add(readStrings(path, in));
    }
    List<String> tagList = readStrings(path, in);
    if (maxHistory == 0) {
      throw new CorruptFileException(path, "maxHistory 0");
    }
    return new Featurizer(schema, maxHistory, maxTags, users, items, ucv, icv, tagList);
  }

  private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      out.writeUTF(s);
    }
  }

  private static List<String> readStrings(Path path, DataInputStream in) throws IOException {
    int n = ChecksummedFile.readCount(path, in, "string count", 1 << 26);
    List<String> out = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      out.add(in.readUTF());
    }
    return out;
  }

  private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static long[] readLongs(Path path, DataInputStream in) throws IOException {
    int n = ChecksummedFile.readCount(path, in, "id count", 1 << 28);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.readLong();
    }
    return out;
  }
}
