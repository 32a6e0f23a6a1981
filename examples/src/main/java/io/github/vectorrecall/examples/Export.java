package io.github.vectorrecall.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import io.github.vectorrecall.train.data.LeaveLastOutSplit;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a data set's items and users as JSON Lines in the layouts the Spark jobs read
 * ({@code recall-spark}'s {@code SparkSchemas.ITEMS} and {@code SparkSchemas.USERS}), one object
 * a line:
 *
 * <ul>
 *   <li>{@value #ITEMS_FILE}: {@code {"item_id": 50, "category": "Action", "tags": ["Action",
 *       "Sci-Fi", "decade:1970s"], "dense": {"year": 0.77}}}; {@code category} is left out for an
 *       item without one. Other categorical features of an item have no column in the layout and
 *       are dropped, with a warning naming them.
 *   <li>{@value #USERS_FILE}: {@code {"user_id": 1, "categorical": {"gender": "M", ...}, "dense":
 *       {"age": 0.24}, "history": [168, 172, ...]}}; the history is the user's items oldest first
 *       (ordered and de-duplicated as training orders them: by timestamp, then item id, each item
 *       once), all of them unless {@code --max-history N} keeps the last N.
 * </ul>
 *
 * <p>Each file is written to a temporary file in the output directory and renamed into place.
 */
@Command(name = "export", sortOptions = false, abbreviateSynopsis = true,
    description = {"Write a data set's items and users as JSON Lines for the Spark jobs"
        + " (recall-spark): items.json (item_id, category, tags, dense) and users.json"
        + " (user_id, categorical, dense, history: the user's items, oldest first)."})
final class Export implements Callable<Integer> {
  /** Name of the items file in the output directory. */
  static final String ITEMS_FILE = "items.json";
  /** Name of the users file in the output directory. */
  static final String USERS_FILE = "users.json";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  @Spec
  CommandSpec spec;
  @Mixin
  DataOptions data;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Directory to write items.json and users.json into; created if absent,"
          + " the two files replaced.")
  Path out;

  @Option(names = "--max-history", paramLabel = "N",
      description = "Keep each user's last N items in history; 0 keeps them all"
          + " (default: ${DEFAULT-VALUE}).")
  int maxHistory = 0;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws IOException {
    data.check("export");
    if (out == null) {
      throw new UsageException("export needs --out DIR (where items.json and users.json go)");
    }
    OptionChecks.outputDirectory("--out", out);
    for (String name : List.of(ITEMS_FILE, USERS_FILE)) {
      if (Files.isDirectory(out.resolve(name))) {
        throw new UsageException("--out " + out + ": " + out.resolve(name)
            + " is a directory; give another --out or remove it");
      }
    }
    if (maxHistory < 0) {
      throw new UsageException("--max-history must be 0 (all) or positive; got " + maxHistory);
    }
    long start = System.nanoTime();
    PrintWriter o = spec.commandLine().getOut();
    Dataset d = data.load();
    o.printf("Data: %s%n", d);
    Files.createDirectories(out);

    Set<String> dropped = new TreeSet<>();
    Path items = out.resolve(ITEMS_FILE);
    long itemRows = writeLines(items, d.items().values(), it -> item(it, dropped));
    if (!dropped.isEmpty()) {
      spec.commandLine().getErr().println("warning: " + ITEMS_FILE + " keeps only the '"
          + ItemFeatures.CATEGORY + "' of the items' categorical features; dropped: " + dropped);
    }

    Map<Long, List<Interaction>> histories =
        LeaveLastOutSplit.chronologicalByUser(d.interactions());
    long[] historyIds = new long[2]; // written, longest
    Path users = out.resolve(USERS_FILE);
    long userRows = writeLines(users, d.users().values(), u -> {
      long[] h = history(histories.getOrDefault(u.userId(), List.of()));
      historyIds[0] += h.length;
      historyIds[1] = Math.max(historyIds[1], h.length);
      return user(u, h);
    });

    o.printf("%n%-12s%10s  %s%n", "file", "rows", "path");
    o.printf("%-12s%10d  %s%n", ITEMS_FILE, itemRows, items);
    o.printf("%-12s%10d  %s%n", USERS_FILE, userRows, users);
    o.printf("%nHistory: %s of each user's items, oldest first (%d ids, longest %d).%n",
        maxHistory == 0 ? "all" : "the last " + maxHistory, historyIds[0], historyIds[1]);
    o.printf("Total %.1f s.%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** The user's item ids, oldest first, the last {@link #maxHistory} of them if set. */
  private long[] history(List<Interaction> chronological) {
    int from = maxHistory == 0 ? 0 : Math.max(0, chronological.size() - maxHistory);
    long[] h = new long[chronological.size() - from];
    for (int i = 0; i < h.length; i++) {
      h[i] = chronological.get(from + i).itemId();
    }
    return h;
  }

  /** One item in the layout of {@code SparkSchemas.ITEMS}; notes categorical names it drops. */
  static JsonObject item(ItemFeatures it, Set<String> dropped) {
    JsonObject j = new JsonObject();
    j.addProperty("item_id", it.itemId());
    for (Map.Entry<String, String> e : it.categorical().entrySet()) {
      if (e.getKey().equals(ItemFeatures.CATEGORY)) {
        j.addProperty("category", e.getValue());
      } else {
        dropped.add(e.getKey());
      }
    }
    JsonArray tags = new JsonArray();
    it.tags().forEach(tags::add);
    j.add("tags", tags);
    j.add("dense", dense(it.dense()));
    return j;
  }

  /** One user in the layout of {@code SparkSchemas.USERS}. */
  static JsonObject user(UserFeatures u, long[] history) {
    JsonObject j = new JsonObject();
    j.addProperty("user_id", u.userId());
    JsonObject categorical = new JsonObject();
    u.categorical().forEach(categorical::addProperty);
    j.add("categorical", categorical);
    j.add("dense", dense(u.dense()));
    JsonArray h = new JsonArray();
    for (long id : history) {
      h.add(id);
    }
    j.add("history", h);
    return j;
  }

  private static JsonObject dense(Map<String, Float> values) {
    JsonObject j = new JsonObject();
    values.forEach(j::addProperty);
    return j;
  }

  /** Writes one JSON object a line through a temporary file renamed into place. */
  private static <T> long writeLines(Path target, Iterable<T> rows,
      Function<T, JsonObject> toJson) throws IOException {
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(),
        "." + target.getFileName(), ".tmp");
    long n = 0;
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (Iterator<T> i = rows.iterator(); i.hasNext(); n++) {
          w.write(GSON.toJson(toJson.apply(i.next())));
          w.write('\n');
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return n;
  }
}
