package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} on a tiny directory in the MovieLens 100K layout, written here: items.json and
 * users.json hold one object a line in the Spark jobs' layouts, histories oldest first and each
 * item once, users without a line in u.user and items nobody rated included.
 */
class ExportTest {
  @TempDir
  Path dir;

  /** u.data (user, item, rating, time; out of time order, one repeat), u.item, u.user. */
  private Path movieLens() throws IOException {
    Path ml = Files.createDirectories(dir.resolve("ml-tiny"));
    Files.write(ml.resolve("u.data"), List.of(
        "1\t12\t4\t300", "1\t10\t5\t100", "1\t11\t3\t200", "1\t10\t2\t400",
        "2\t11\t5\t50", "3\t12\t1\t70"), StandardCharsets.ISO_8859_1);
    Files.write(ml.resolve("u.item"), List.of(
        item(10, "Heat (1995)", "01-Jan-1995", 1, 6),
        item(11, "Alien (1979)", "01-Jan-1979", 11, 15),
        item(12, "Babe (1995)", "01-Jan-1995", 4, 5),
        item(13, "Unrated (1950)", "01-Jan-1950", 8)), StandardCharsets.ISO_8859_1);
    Files.write(ml.resolve("u.user"), List.of("1|24|M|technician|85711",
        "2|53|F|other|94043"), StandardCharsets.ISO_8859_1);
    return ml;
  }

  /** A u.item line with the given genre flags (indices into the 19 genres) set. */
  private static String item(int id, String title, String date, int... genres) {
    StringBuilder s = new StringBuilder(id + "|" + title + "|" + date + "||http://x");
    Set<Integer> on = new java.util.HashSet<>();
    for (int g : genres) {
      on.add(g);
    }
    for (int g = 0; g < 19; g++) {
      s.append('|').append(on.contains(g) ? '1' : '0');
    }
    return s.toString();
  }

  /** The objects of a JSON Lines file by their id column. */
  private static Map<Long, JsonObject> read(Path file, String id) throws IOException {
    Map<Long, JsonObject> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      out.put(o.get(id).getAsLong(), o);
    }
    return out;
  }

  private static List<Long> longs(JsonArray a) {
    List<Long> out = new ArrayList<>();
    for (JsonElement e : a) {
      out.add(e.getAsLong());
    }
    return out;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : a) {
      out.add(e.getAsString());
    }
    return out;
  }

  @Test
  void export_ml100kLayout_writesItemsAndUsersInTheSparkLayouts() throws IOException {
    Path out = dir.resolve("out");

    CliTest.Result r = CliTest.run("export", "--data", movieLens().toString(), "--out",
        out.toString());

    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("", r.err());
    Map<Long, JsonObject> items = read(out.resolve("items.json"), "item_id");
    assertEquals(List.of(10L, 11L, 12L, 13L), List.copyOf(items.keySet()));
    JsonObject heat = items.get(10L);
    assertEquals(Set.of("item_id", "category", "tags", "dense"), heat.keySet());
    assertEquals("Action", heat.get("category").getAsString());
    assertEquals(List.of("Action", "Crime", "decade:1990s"),
        strings(heat.getAsJsonArray("tags")).stream().sorted().toList());
    assertEquals(0.95f, heat.getAsJsonObject("dense").get("year").getAsFloat());
    assertEquals("Drama", items.get(13L).get("category").getAsString());

    Map<Long, JsonObject> users = read(out.resolve("users.json"), "user_id");
    assertEquals(Set.of(1L, 2L, 3L), users.keySet());
    JsonObject one = users.get(1L);
    assertEquals(Set.of("user_id", "categorical", "dense", "history"), one.keySet());
    // by time, item 10 once (its first rating, at 100)
    assertEquals(List.of(10L, 11L, 12L), longs(one.getAsJsonArray("history")));
    assertEquals("M", one.getAsJsonObject("categorical").get("gender").getAsString());
    assertEquals("technician",
        one.getAsJsonObject("categorical").get("occupation").getAsString());
    assertEquals(0.24f, one.getAsJsonObject("dense").get("age").getAsFloat());
    JsonObject three = users.get(3L); // rated, but no line in u.user
    assertEquals(0, three.getAsJsonObject("categorical").size());
    assertEquals(List.of(12L), longs(three.getAsJsonArray("history")));

    assertTrue(r.out().matches("(?s).*items\\.json +4 .*"), r.out());
    assertTrue(r.out().matches("(?s).*users\\.json +3 .*"), r.out());
    assertTrue(r.out().contains("History: all of each user's items, oldest first (5 ids,"
        + " longest 3)."), r.out());
    try (var files = Files.list(out)) {
      assertEquals(List.of("items.json", "users.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
    }
  }

  @Test
  void export_maxHistory_keepsTheLastItems() throws IOException {
    Path out = dir.resolve("out");

    CliTest.Result r = CliTest.run("export", "--data", movieLens().toString(), "--out",
        out.toString(), "--max-history", "2");

    assertEquals(0, r.status(), r.out() + r.err());
    Map<Long, JsonObject> users = read(out.resolve("users.json"), "user_id");
    assertEquals(List.of(11L, 12L), longs(users.get(1L).getAsJsonArray("history")));
    assertTrue(r.out().contains("History: the last 2 of each user's items"), r.out());
  }

  @Test
  void export_help_listsItsOptions() {
    CliTest.Result r = CliTest.run("export", "--help");

    assertEquals(0, r.status(), r.err());
    for (String option : List.of("--data", "--format", "--skip-bad-lines", "--out",
        "--max-history", "--verbose")) {
      assertTrue(r.out().contains(option), option + " missing:\n" + r.out());
    }
  }

  @Test
  void export_badOptions_usageErrorBeforeReading() throws IOException {
    Path ml = movieLens();
    Path file = Files.writeString(dir.resolve("a-file"), "x");

    CliTest.Result noOut = CliTest.run("export", "--data", ml.toString());
    CliTest.Result outIsFile = CliTest.run("export", "--data", ml.toString(), "--out",
        file.toString());
    CliTest.Result negative = CliTest.run("export", "--data", ml.toString(), "--out",
        dir.resolve("out").toString(), "--max-history", "-1");
    CliTest.Result noData = CliTest.run("export", "--out", dir.resolve("out").toString());

    assertEquals("error: export needs --out DIR (where items.json and users.json go)",
        noOut.err().strip());
    assertEquals("error: --out " + file + ": is a file, not a directory",
        outIsFile.err().strip());
    assertEquals("error: --max-history must be 0 (all) or positive; got -1",
        negative.err().strip());
    assertTrue(noData.err().startsWith("error: export needs --data DIR"), noData.err());
    for (CliTest.Result r : List.of(noOut, outIsFile, negative, noData)) {
      assertEquals(Main.USAGE_ERROR, r.status(), r.err());
      assertFalse(r.out().contains("Data:"), r.out());
    }
    assertFalse(Files.exists(dir.resolve("out")));
  }
}
