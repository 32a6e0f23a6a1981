package io.github.vectorrecall.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loaders on small files written in each layout, and their errors. */
class MovieLensTest {
  private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

  private static void write(Path dir, String name, Charset cs, String... lines)
      throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", cs);
  }

  private static String flags(int... on) {
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < 19; g++) {
      final int gg = g;
      b.append(g == 0 ? "" : "|").append(java.util.Arrays.stream(on).anyMatch(x -> x == gg)
          ? "1" : "0");
    }
    return b.toString();
  }

  @Test
  void ml100k_interactionsItemsUsers(@TempDir Path dir) throws IOException {
    write(dir, "u.data", LATIN_1, "1\t10\t5\t881250949", "1\t20\t3\t881250950",
        "2\t10\t1\t881250951");
    write(dir, "u.item", LATIN_1,
        "10|Toy Story (1995)|01-Jan-1995||http://x|" + flags(3, 4, 5),
        "20|Café (1996)|01-Jan-1996||http://y|" + flags(1),
        "30|unknown||||" + flags(0));
    write(dir, "u.user", LATIN_1, "1|24|M|technician|85711", "2|53|F|other|T8H1N");

    assertEquals(MovieLens.Format.ML_100K, MovieLens.detect(dir));
    Dataset d = MovieLens.reader(dir).read();
    assertEquals(List.of(new Interaction(1, 10, 881250949), new Interaction(1, 20, 881250950),
        new Interaction(2, 10, 881250951)), d.interactions());
    assertEquals(3, d.items().size(), "catalog is the item file, unrated item 30 included");
    ItemFeatures toy = d.items().get(10L);
    assertEquals("Animation", toy.categorical().get(ItemFeatures.CATEGORY));
    assertEquals(Set.of("Animation", "Children's", "Comedy", "decade:1990s"),
        Set.copyOf(toy.tags()));
    assertEquals(0.95f, toy.dense().get("year"), 1e-6);
    UserFeatures u2 = d.users().get(2L);
    assertEquals("F", u2.categorical().get("gender"));
    assertEquals("50-55", u2.categorical().get("age"));
    assertEquals("T", u2.categorical().get("zip"));
    assertEquals(0.53f, u2.dense().get("age"), 1e-6);
  }

  @Test
  void ml1m_doubleColonLatin1(@TempDir Path dir) throws IOException {
    write(dir, "ratings.dat", LATIN_1, "1::1193::5::978300760", "1::661::3::978302109");
    write(dir, "movies.dat", LATIN_1, "1193::One Flew Over the Cuckoo's Nest (1975)::Drama",
        "661::Amélie (2001)::Comedy|Romance");
    write(dir, "users.dat", LATIN_1, "1::F::1::10::48067");

    assertEquals(MovieLens.Format.ML_1M, MovieLens.detect(dir));
    Dataset d = MovieLens.reader(dir).read();
    assertEquals(2, d.interactions().size());
    ItemFeatures amelie = d.items().get(661L);
    assertEquals("Comedy", amelie.categorical().get(ItemFeatures.CATEGORY));
    assertEquals(Set.of("Comedy", "Romance", "decade:2000s"), Set.copyOf(amelie.tags()));
    assertEquals("<18", d.users().get(1L).categorical().get("age"));
    assertEquals("10", d.users().get(1L).categorical().get("occupation"));
  }

  @Test
  void latest_csvWithQuotedTitles(@TempDir Path dir) throws IOException {
    write(dir, "ratings.csv", StandardCharsets.UTF_8, "userId,movieId,rating,timestamp",
        "1,1,4.0,964982703", "1,3,4.0,964981247", "2,3,2.5,1445714835");
    write(dir, "movies.csv", StandardCharsets.UTF_8, "movieId,title,genres",
        "1,Toy Story (1995),Adventure|Animation", "3,\"American President, The (1995)\",Comedy",
        "4,\"Quote \"\"Test\"\" (2001)\",(no genres listed)");

    Dataset d = MovieLens.reader(dir).read();
    assertEquals(3, d.interactions().size());
    assertEquals(3, d.items().size());
    assertEquals(Set.of("Comedy", "decade:1990s"), Set.copyOf(d.items().get(3L).tags()));
    assertEquals("none", d.items().get(4L).categorical().get(ItemFeatures.CATEGORY));
    assertEquals(1.01f, d.items().get(4L).dense().get("year"), 1e-6);
  }

  @Test
  void badLine_namesFileLineAndValue(@TempDir Path dir) throws IOException {
    write(dir, "u.data", LATIN_1, "1\t10\t5\t881250949", "1\tabc\t3\t881250950",
        "2\t10\t1\t881250951");
    DataFileException e =
        assertThrows(DataFileException.class, () -> MovieLens.reader(dir).read());
    assertEquals(dir.resolve("u.data") + ":2: item id 'abc' is not an integer", e.getMessage());
    assertEquals(2, e.line());

    Dataset skipped = MovieLens.reader(dir).skipBadLines(true).read();
    assertEquals(2, skipped.interactions().size());
  }

  @Test
  void shortLine_andMissingDirectory(@TempDir Path dir) throws IOException {
    write(dir, "ratings.dat", LATIN_1, "1::1193::5::978300760", "1::661");
    DataFileException e =
        assertThrows(DataFileException.class, () -> MovieLens.reader(dir).read());
    assertTrue(e.getMessage().startsWith(dir.resolve("ratings.dat") + ":2: expected at least 4"),
        e.getMessage());

    Path empty = Files.createDirectory(dir.resolve("empty"));
    DataFileException none = assertThrows(DataFileException.class, () -> MovieLens.detect(empty));
    assertTrue(none.getMessage().contains("u.data"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MovieLens.Format.parse("ml-5k"));
    assertEquals(MovieLens.Format.ML_1M, MovieLens.Format.parse("ml-1m"));
  }

  @Test
  void genericCsv_byHeaderNameOrPosition(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("events.csv");
    Files.writeString(f, "ts;customer;sku\n100;7;70\n90;7;71\n");
    Dataset d = CsvInteractions.reader(f).separator(";").columns("customer", "sku", "ts").read();
    assertEquals(List.of(new Interaction(7, 70, 100), new Interaction(7, 71, 90)),
        d.interactions());

    Path g = dir.resolve("plain.tsv");
    Files.writeString(g, "7\t70\t100\n");
    Dataset p = CsvInteractions.reader(g).separator("\t").header(false).columns("0", "1", "2")
        .read();
    assertEquals(List.of(new Interaction(7, 70, 100)), p.interactions());

    DataFileException e = assertThrows(DataFileException.class,
        () -> CsvInteractions.reader(f).separator(";").columns("user", "sku", "ts").read());
    assertTrue(e.getMessage().contains("no column 'user'"), e.getMessage());
  }
}
