package io.github.vectorrecall.train.data;

import io.github.vectorrecall.data.Dataset;
import io.github.vectorrecall.data.Interaction;
import io.github.vectorrecall.data.ItemFeatures;
import io.github.vectorrecall.data.UserFeatures;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a MovieLens directory into a {@link Dataset}, in any of the three layouts GroupLens
 * publishes. Every rating is an implicit positive (whatever its value), as the evaluation
 * protocol says.
 *
 * <pre>{@code
 * Dataset data = MovieLens.reader(Path.of("ml-100k")).read();          // layout detected
 * Dataset data = MovieLens.reader(dir).format(MovieLens.Format.ML_1M).skipBadLines(true).read();
 * }</pre>
 *
 * <table>
 *   <caption>Layouts and what becomes of them</caption>
 *   <tr><th>layout</th><th>files</th></tr>
 *   <tr><td>{@link Format#ML_100K}</td><td>{@code u.data} (tab), {@code u.item} and
 *       {@code u.user} ({@code |}, Latin-1)</td></tr>
 *   <tr><td>{@link Format#ML_1M}</td><td>{@code ratings.dat}, {@code movies.dat},
 *       {@code users.dat} ({@code ::}, Latin-1)</td></tr>
 *   <tr><td>{@link Format#ML_LATEST}</td><td>{@code ratings.csv}, {@code movies.csv} (CSV with
 *       a header and quoted titles, UTF-8)</td></tr>
 * </table>
 *
 * <p>Items get the category of their first genre, a tag bag of all genres plus the decade,
 * and a dense {@code year} feature scaled to about [0, 1]. Users (where the layout has them) get
 * categorical {@code gender}, {@code occupation}, {@code age} (bucket) and {@code zip} (first
 * character), and a dense {@code age}. The catalog is every item of the item file, plus any
 * rated item the file lacks.
 *
 * <p>A bad line fails with a {@link DataFileException} naming file, line and value, unless
 * {@link Reader#skipBadLines(boolean)} asks to skip it; skipped lines are counted and logged.
 */
public final class MovieLens {
  private static final Logger LOG = LoggerFactory.getLogger(MovieLens.class);
  private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;
  private static final Pattern YEAR_IN_TITLE = Pattern.compile("\\((\\d{4})\\)\\s*$");
  private static final String[] GENRES_100K = {"unknown", "Action", "Adventure", "Animation",
      "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror",
      "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};

  private MovieLens() {}

  /** The file layouts. */
  public enum Format {
    /** MovieLens 100K: {@code u.data}, {@code u.item}, {@code u.user}. */
    ML_100K("u.data"),
    /** MovieLens 1M (and 10M): {@code ratings.dat}, {@code movies.dat}, {@code users.dat}. */
    ML_1M("ratings.dat"),
    /** MovieLens latest / 20M / 25M / 32M: {@code ratings.csv}, {@code movies.csv}. */
    ML_LATEST("ratings.csv");

    private final String ratingsFile;

    Format(String ratingsFile) {
      this.ratingsFile = ratingsFile;
    }

    /**
     * The file whose presence identifies the layout.
     *
     * @return its name
     */
    public String ratingsFile() {
      return ratingsFile;
    }

    /**
     * Parses a user-facing name: {@code ml-100k}, {@code ml-1m}, {@code ml-latest} (or the enum
     * name).
     *
     * @param name the name
     * @return the format
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static Format parse(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      switch (n) {
        case "ml-100k":
        case "100k":
          return ML_100K;
        case "ml-1m":
        case "1m":
        case "ml-10m":
          return ML_1M;
        case "ml-latest":
        case "latest":
        case "csv-movielens":
          return ML_LATEST;
        default:
          throw new IllegalArgumentException("unknown MovieLens format '" + name
              + "'; use ml-100k, ml-1m or ml-latest");
      }
    }
  }

  /**
   * Detects the layout of a directory from its ratings file.
   *
   * @param directory the directory
   * @return the layout
   * @throws DataFileException if no known ratings file is there
   */
  public static Format detect(Path directory) {
    for (Format f : Format.values()) {
      if (Files.isRegularFile(directory.resolve(f.ratingsFile))) {
        return f;
      }
    }
    throw new DataFileException(directory, 0, "no MovieLens ratings file here: expected one of "
        + Arrays.stream(Format.values()).map(Format::ratingsFile).toList());
  }

  /**
   * Starts reading a directory.
   *
   * @param directory a MovieLens directory
   * @return a reader; the layout is detected unless {@link Reader#format} sets it
   */
  public static Reader reader(Path directory) {
    return new Reader(Objects.requireNonNull(directory, "directory"));
  }

  /** Reads one directory. */
  public static final class Reader {
    private final Path directory;
    private Format format;
    private boolean skipBadLines;

    private Reader(Path directory) {
      this.directory = directory;
    }

    /**
     * Sets the layout instead of detecting it.
     *
     * @param format the layout, or null to detect
     * @return this
     */
    public Reader format(Format format) {
      this.format = format;
      return this;
    }

    /**
     * Skips (counts and logs) bad lines instead of failing on the first.
     *
     * @param skip whether to skip
     * @return this
     */
    public Reader skipBadLines(boolean skip) {
      this.skipBadLines = skip;
      return this;
    }

    /**
     * Reads the data set.
     *
     * @return interactions, users and items with features; named after the directory
     * @throws DataFileException on a missing file or a bad line
     */
    public Dataset read() {
      Format f = format != null ? format : detect(directory);
      Path ratings = directory.resolve(f.ratingsFile);
      if (!Files.isRegularFile(ratings)) {
        throw new DataFileException(ratings, 0, "missing: the " + f + " layout needs it");
      }
      String name = directory.toAbsolutePath().normalize().getFileName() == null
          ? f.name() : directory.toAbsolutePath().normalize().getFileName().toString();
      Dataset data = switch (f) {
        case ML_100K -> read100k(name);
        case ML_1M -> read1m(name);
        case ML_LATEST -> readLatest(name);
      };
      LOG.info("Read {} ({}): {} interactions, {} users, {} items", directory, f,
          data.interactions().size(), data.users().size(), data.items().size());
      return data;
    }

    private DelimitedFile file(String name, String separator, boolean quoted, Charset cs,
        boolean header) {
      return new DelimitedFile(directory.resolve(name), separator, quoted, cs, header,
          skipBadLines);
    }

    private Dataset read100k(String name) {
      List<Interaction> interactions = ratings(file("u.data", "\t", false, LATIN_1, false));
      Map<Long, ItemFeatures> items = new LinkedHashMap<>();
      if (Files.isRegularFile(directory.resolve("u.item"))) {
        file("u.item", "|", false, LATIN_1, false).read(row -> {
          row.require(5 + GENRES_100K.length);
          long id = row.longAt(0, "movie id");
          List<String> genres = new ArrayList<>();
          for (int g = 0; g < GENRES_100K.length; g++) {
            String flag = row.text(5 + g);
            if (!flag.equals("0") && !flag.equals("1")) {
              throw row.error("genre flag '" + flag + "' (" + GENRES_100K[g] + ") is not 0 or 1");
            }
            if (flag.equals("1")) {
              genres.add(GENRES_100K[g]);
            }
          }
          String date = row.text(2);
          int year = date.length() >= 4 ? parseYear(date.substring(date.length() - 4)) : 0;
          if (year == 0) {
            year = yearInTitle(row.text(1));
          }
          items.put(id, item(id, genres, year));
        });
      }
      // u.user: id|age|gender|occupation|zip
      Map<Long, UserFeatures> users = users("u.user", "|", 1, 2);
      return Dataset.of(name, interactions, users.values(), items.values());
    }

    private Dataset read1m(String name) {
      List<Interaction> interactions = ratings(file("ratings.dat", "::", false, LATIN_1, false));
      Map<Long, ItemFeatures> items = new LinkedHashMap<>();
      if (Files.isRegularFile(directory.resolve("movies.dat"))) {
        file("movies.dat", "::", false, LATIN_1, false).read(row -> {
          row.require(3);
          long id = row.longAt(0, "movie id");
          items.put(id, item(id, genres(row.text(2)), yearInTitle(row.text(1))));
        });
      }
      // users.dat: id::gender::age::occupation::zip
      Map<Long, UserFeatures> users = users("users.dat", "::", 2, 1);
      return Dataset.of(name, interactions, users.values(), items.values());
    }

    private Dataset readLatest(String name) {
      List<Interaction> interactions =
          ratings(file("ratings.csv", ",", true, StandardCharsets.UTF_8, true));
      Map<Long, ItemFeatures> items = new LinkedHashMap<>();
      if (Files.isRegularFile(directory.resolve("movies.csv"))) {
        file("movies.csv", ",", true, StandardCharsets.UTF_8, true).read(row -> {
          row.require(3);
          long id = row.longAt(0, "movieId");
          items.put(id, item(id, genres(row.text(2)), yearInTitle(row.text(1))));
        });
      }
      return Dataset.of(name, interactions, List.of(), items.values());
    }

    /** A user file whose columns 3 and 4 are occupation and zip; empty if the file is absent. */
    private Map<Long, UserFeatures> users(String name, String separator, int ageColumn,
        int genderColumn) {
      Map<Long, UserFeatures> users = new LinkedHashMap<>();
      if (Files.isRegularFile(directory.resolve(name))) {
        file(name, separator, false, LATIN_1, false).read(row -> {
          row.require(5);
          long id = row.longAt(0, "user id");
          long age = row.longAt(ageColumn, "age");
          users.put(id, user(id, row.text(genderColumn), row.text(3), (int) age, row.text(4)));
        });
      }
      return users;
    }

    private static List<Interaction> ratings(DelimitedFile file) {
      List<Interaction> out = new ArrayList<>();
      file.read(row -> {
        row.require(4);
        long user = row.longAt(0, "user id");
        long item = row.longAt(1, "item id");
        long time = row.timestampAt(3, "timestamp");
        out.add(new Interaction(user, item, time));
      });
      if (out.isEmpty()) {
        throw new DataFileException(file.file(), 0, "no ratings");
      }
      return out;
    }
  }

  private static List<String> genres(String field) {
    List<String> out = new ArrayList<>();
    for (String g : field.split("\\|")) {
      String t = g.trim();
      if (!t.isEmpty() && !t.equals("(no genres listed)")) {
        out.add(t);
      }
    }
    return out;
  }

  private static int yearInTitle(String title) {
    Matcher m = YEAR_IN_TITLE.matcher(title);
    return m.find() ? parseYear(m.group(1)) : 0;
  }

  private static int parseYear(String s) {
    try {
      int y = Integer.parseInt(s);
      return y >= 1800 && y <= 2100 ? y : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ItemFeatures item(long id, List<String> genres, int year) {
    ItemFeatures.Builder b = ItemFeatures.builder(id)
        .category(genres.isEmpty() ? "none" : genres.get(0));
    for (String g : genres) {
      b.tag(g);
    }
    if (year > 0) {
      b.tag("decade:" + (year / 10 * 10) + "s");
      b.dense("year", (year - 1900) / 100f);
    }
    return b.build();
  }

  /**
   * A user: 100K gives the age in years and an occupation name; 1M gives an age bucket code
   * (1, 18, 25, 35, 45, 50, 56) and an occupation code. Both become the same features.
   */
  private static UserFeatures user(long id, String gender, String occupation, int age,
      String zip) {
    return UserFeatures.builder(id)
        .categorical("gender", gender)
        .categorical("occupation", occupation)
        .categorical("age", ageBucket(age))
        .categorical("zip", zip.isEmpty() ? "?" : zip.substring(0, 1))
        .dense("age", Math.min(age, 100) / 100f)
        .build();
  }

  private static String ageBucket(int age) {
    if (age < 18) {
      return "<18";
    }
    if (age < 25) {
      return "18-24";
    }
    if (age < 35) {
      return "25-34";
    }
    if (age < 45) {
      return "35-44";
    }
    if (age < 50) {
      return "45-49";
    }
    return age < 56 ? "50-55" : "56+";
  }
}
