package io.github.vectorrecall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.TrainerConfig;
import io.github.vectorrecall.model.Pooling;
import io.github.vectorrecall.train.TwoTowerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a new user meets it, in-process through {@link Main#run}: one-line
 * errors with exit status 2 (usage) or 1 (data), the trace only with --verbose, --help per
 * command, and every option checked before any work. None of these runs trains a model: with
 * the default sizes (5,000 users) training alone takes minutes, so each finishing within a few
 * seconds shows that the check came first.
 */
class CliTest {
  /** Far below the minutes a default run takes before it could fail late. */
  private static final long FAST_MS = 30_000;

  @TempDir
  Path dir;

  /** What one run printed and returned. */
  record Result(int status, String out, String err, long millis) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
  }

  /** Exit status 2, one line {@code error: ...} holding each fragment, no work started. */
  private static Result assertUsageError(Result r, String... fragments) {
    assertEquals(2, r.status(), r.err());
    assertOneErrorLine(r, fragments);
    assertFalse(r.out().contains("Data:"), "no work may start: " + r.out());
    assertTrue(r.millis() < FAST_MS, "took " + r.millis() + " ms");
    return r;
  }

  private static void assertOneErrorLine(Result r, String... fragments) {
    assertEquals(1, r.errLines().size(), "one line only:\n" + r.err());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: "), line);
    for (String f : fragments) {
      assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
    }
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose:\n" + r.err());
  }

  @Test
  void run_unknownOption_usageErrorNamingIt() {
    assertUsageError(run("quickstart", "--bogus", "1"), "--bogus", "quickstart --help");
  }

  @Test
  void run_unknownCommand_usageErrorListingCommands() {
    assertUsageError(run("quickstrat"), "unknown command 'quickstrat'", "quickstart",
        "evaluate", "ablation", "(--help lists the commands)");
  }

  @Test
  void run_notANumber_usageErrorNamingTheOption() {
    assertUsageError(run("quickstart", "--k", "many"), "--k", "many");
  }

  @Test
  void run_missingValue_usageErrorNamingTheOption() {
    assertUsageError(run("quickstart", "--epochs"), "--epochs");
  }

  @Test
  void run_badBoolean_usageErrorNamingTheOption() {
    assertUsageError(run("quickstart", "--logq", "maybe"), "--logq", "maybe");
  }

  @Test
  void run_unknownEnumValue_usageErrorListingTheValues() {
    assertUsageError(run("quickstart", "--pooling", "max"), "--pooling", "'max'", "recency",
        "attention", "two_scale");
  }

  @Test
  void parse_poolingTwoScale_eitherSpelling() {
    for (String value : List.of("two_scale", "two-scale", "TWO_SCALE")) {
      CommandLine cl = commandLine();
      cl.parseArgs("evaluate", "--data", "d", "--pooling", value);
      Evaluate e = cl.getSubcommands().get("evaluate").getCommand();
      assertEquals(Pooling.TWO_SCALE, e.training.pooling, value);
    }
  }

  @Test
  void parse_memberPoolings_setTheEnsembleSize() {
    CommandLine cl = commandLine();
    cl.parseArgs("evaluate", "--data", "d", "--member-poolings", "recency,two-scale");
    Evaluate e = cl.getSubcommands().get("evaluate").getCommand();
    assertEquals(List.of(Pooling.RECENCY, Pooling.TWO_SCALE), e.training.memberPoolings);
    TwoTowerConfig c = e.training.config();
    assertEquals(2, c.ensembleSize());
    assertEquals(Pooling.TWO_SCALE, c.memberPooling(1));
  }

  @Test
  void run_memberPoolingsBeyondTheEnsemble_usageError() {
    assertUsageError(run("quickstart", "--ensemble", "1", "--member-poolings", "recency,mean"),
        "memberPoolings=[RECENCY, MEAN]", "ensembleSize=1");
    assertUsageError(run("quickstart", "--member-poolings", "recency,max"), "--member-poolings",
        "'max'");
  }

  @Test
  void parse_threads_isTheTrainersCoreBudget() {
    CommandLine cl = commandLine();
    cl.parseArgs("evaluate", "--data", "d", "--threads", "1");
    Evaluate e = cl.getSubcommands().get("evaluate").getCommand();
    assertEquals(1, e.training.config().common().threads());
    assertEquals(1, e.training.copy().config().common().threads(), "a variant keeps it");
    assertUsageError(run("quickstart", "--threads", "-2"), "--threads",
        "threads must be >= 0; threads=-2");
  }

  @Test
  void run_negativeK_usageErrorBeforeAnyWork() {
    assertUsageError(run("quickstart", "--k", "-5"), "--k must be positive; got -5");
  }

  @Test
  void run_zeroK_usageErrorBeforeAnyWork() {
    assertUsageError(run("evaluate", "--data", dir.toString(), "--k", "0"),
        "--k must be positive; got 0");
  }

  @Test
  void run_zeroEfOrQueries_usageError() {
    assertUsageError(run("quickstart", "--ef", "0"), "--ef must be positive");
    assertUsageError(run("quickstart", "--queries", "-1"), "--queries must be positive");
  }

  @Test
  void run_jsonIntoMissingDirectory_usageErrorBeforeAnyWork() {
    Path json = dir.resolve("no-such-dir").resolve("report.json");
    assertUsageError(run("quickstart", "--json", json.toString()), "--json " + json,
        "does not exist");
  }

  @Test
  void run_jsonIsADirectory_usageError() {
    assertUsageError(run("quickstart", "--json", dir.toString()), "--json", "is a directory");
  }

  @Test
  void run_ablationJsonIntoMissingDirectory_usageError() {
    Path json = dir.resolve("missing").resolve("a.json");
    assertUsageError(run("ablation", "--json", json.toString()), "--json", "does not exist");
  }

  @Test
  void run_indexFileIntoMissingDirectory_usageError() {
    assertUsageError(run("quickstart", "--index-file", dir.resolve("x/items.hnsw").toString()),
        "--index-file", "does not exist");
  }

  @Test
  void run_modelDirIsAFile_usageError() throws IOException {
    Path file = Files.writeString(dir.resolve("model"), "x");
    assertUsageError(run("quickstart", "--model-dir", file.toString()), "--model-dir",
        "is a file");
  }

  @Test
  void run_unknownIndexProvider_usageErrorListingProviders() {
    assertUsageError(run("quickstart", "--index", "hnsv"), "--index",
        "No AnnIndexProvider named 'hnsv'", "hnsw", "exact");
  }

  @Test
  void run_unknownServingEncoder_usageError() {
    assertUsageError(run("quickstart", "--serve-encoder", "onnx"), "--serve-encoder", "onnx");
  }

  @Test
  void run_trainingOptionRefused_usageErrorNamingTheOption() {
    assertUsageError(run("quickstart", "--epochs", "0"), "--epochs", "epochs");
    assertUsageError(run("quickstart", "--temperature", "-1"), "--temperature");
    assertUsageError(run("quickstart", "--history", "0"), "--history", "maxHistory");
    assertUsageError(run("quickstart", "--refit-epochs", "-1"), "--refit-epochs",
        "refitEpochs must be >= 0; refitEpochs=-1");
    assertUsageError(run("quickstart", "--refit", "false", "--refit-epochs", "3"),
        "refitEpochs=3 has no effect without a refit");
    assertUsageError(run("quickstart", "--weight-averaging", "1"), "--weight-averaging",
        "weightAveraging must be in [0, 1); weightAveraging=1.0");
  }

  @Test
  void parse_historyAveragingAndRefitEpochs_reachTheConfig() {
    CommandLine cl = commandLine();
    cl.parseArgs("quickstart", "--history", "100");
    Quickstart q = cl.getSubcommands().get("quickstart").getCommand();

    assertEquals(100, q.training.config().maxHistory());

    cl.parseArgs("quickstart", "--weight-averaging", "0.99");
    q = cl.getSubcommands().get("quickstart").getCommand();
    assertEquals(0.99f, q.training.config().weightAveraging());

    cl.parseArgs("quickstart", "--refit-epochs", "0");
    q = cl.getSubcommands().get("quickstart").getCommand();
    assertEquals(0, q.training.config().refitEpochs());
  }

  @Test
  void run_coldStartOptionsRefused_usageErrorNamingTheOption() {
    String data = dir.toString();
    assertUsageError(run("evaluate", "--data", data, "--cold-start", "1.5"),
        "--cold-start must be in (0, 1); got 1.5");
    assertUsageError(run("evaluate", "--data", data, "--cold-start", "0"),
        "--cold-start must be in (0, 1); got 0.0");
    assertUsageError(run("evaluate", "--data", data, "--cold-start-seed", "3"),
        "--cold-start-seed and --cold-start-target need --cold-start FRACTION");
    assertUsageError(run("evaluate", "--data", data, "--cold-start", "0.1",
        "--cold-start-target", "train"), "--cold-start-target", "'train'", "validation");
    assertUsageError(run("evaluate", "--data", data, "--item-id-dropout", "1"),
        "--item-id-dropout", "itemIdDropout must be in [0, 1); itemIdDropout=1.0");
  }

  @Test
  void run_tooFewItems_usageErrorNamingTheOption() {
    assertUsageError(run("quickstart", "--items", "5"), "--items", "at least 10");
  }

  @Test
  void run_evaluateWithoutData_usageError() {
    assertUsageError(run("evaluate"), "evaluate needs --data");
  }

  @Test
  void run_evaluateDataMissing_usageError() {
    Path missing = dir.resolve("ml-100k");
    assertUsageError(run("evaluate", "--data", missing.toString()), "--data " + missing,
        "no such file or directory");
  }

  @Test
  void run_unknownFormat_usageError() {
    assertUsageError(run("evaluate", "--data", dir.toString(), "--format", "ml-20x"),
        "--format", "ml-20x");
  }

  @Test
  void run_ablationOnlyMatchesNothing_usageError() {
    assertUsageError(run("ablation", "--only", "transformer"),
        "--only 'transformer' matches no variant",
        "mean pooling");
  }

  @Test
  void run_directoryWithoutRatings_dataError() {
    Result r = run("evaluate", "--data", dir.toString());

    assertEquals(1, r.status(), r.err());
    assertOneErrorLine(r, dir.toString(), "no MovieLens ratings file");
  }

  @Test
  void run_badCsvLine_dataErrorNamingFileAndLine() throws IOException {
    Path csv = Files.writeString(dir.resolve("x.csv"),
        "user,item,timestamp\n1,10,100\n2,eleven,200\n");

    Result r = run("evaluate", "--data", csv.toString(), "--format", "csv");

    assertEquals(1, r.status(), r.err());
    assertOneErrorLine(r, csv + ":3");
  }

  @Test
  void run_dataErrorVerbose_printsTheTraceAfterTheLine() {
    Result r = run("evaluate", "--data", dir.toString(), "--verbose");

    assertEquals(1, r.status(), r.err());
    assertTrue(r.errLines().get(0).startsWith("error: "), r.err());
    assertTrue(r.err().contains("DataFileException"), r.err());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void run_usageErrorVerbose_printsTheTrace() {
    Result r = run("--verbose", "quickstart", "--k", "-5");

    assertEquals(2, r.status(), r.err());
    assertTrue(r.errLines().get(0).startsWith("error: --k must be positive"), r.err());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void run_helpPerCommand_listsItsOptions() {
    Result quickstart = run("quickstart", "--help");
    Result evaluate = run("evaluate", "--help");
    Result ablation = run("ablation", "--help");

    for (Result r : List.of(quickstart, evaluate, ablation)) {
      assertEquals(0, r.status(), r.err());
      assertEquals("", r.err());
      for (String option : List.of("--epochs", "--pooling", "--negatives", "--logq",
          "--checkpoint", "--verbose", "--help")) {
        assertTrue(r.out().contains(option), option + " missing:\n" + r.out());
      }
    }
    for (String option : List.of("--users", "--items", "--k", "--ef", "--queries", "--index",
        "--model-dir", "--index-file", "--json", "--serve-encoder")) {
      assertTrue(quickstart.out().contains(option), option + " missing:\n" + quickstart.out());
    }
    assertFalse(quickstart.out().contains("--data"), quickstart.out());
    for (String option : List.of("--data", "--format", "--skip-bad-lines", "--separator",
        "--header", "--user-column", "--item-column", "--time-column", "--k", "--json",
        "--cold-start", "--cold-start-seed", "--cold-start-target", "--item-id-dropout")) {
      assertTrue(evaluate.out().contains(option), option + " missing:\n" + evaluate.out());
    }
    for (String option : List.of("--only", "--json", "--data")) {
      assertTrue(ablation.out().contains(option), option + " missing:\n" + ablation.out());
    }
    assertTrue(quickstart.out().contains("Search effort (default: 600)."), quickstart.out());
  }

  @Test
  void run_helpCommand_printsTheCommandsHelp() {
    Result r = run("help", "evaluate");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("--data"), r.out());
  }

  @Test
  void run_noArgumentsOrHelp_printsTheOverview() {
    for (String[] args : List.of(new String[0], new String[] {"--help"},
        new String[] {"help"})) {
      Result r = run(args);

      assertEquals(0, r.status(), r.err());
      for (String s : List.of("quickstart", "evaluate", "ablation", "export", "Exit status")) {
        assertTrue(r.out().contains(s), s + " missing:\n" + r.out());
      }
    }
  }

  /** The command lines of README.md and BENCHMARKS.md parse as before. */
  @Test
  void parse_documentedCommandLines_parse() {
    List<String> lines = List.of(
        "quickstart --json quickstart.json",
        "quickstart --model-dir /tmp/model --index-file /tmp/items.hnsw",
        "evaluate --data ../shared/data/ml-100k --json ml-100k.json",
        "evaluate --data ../shared/data/ml-100k --queries 10000 --json ml-100k.json",
        "evaluate --data /tmp/ml100k-as-1m --queries 2000",
        "evaluate --data /tmp/ml100k-as-latest --queries 2000",
        "ablation --data ../shared/data/ml-100k",
        "ablation --data ../shared/data/ml-100k --json ablation.json",
        "ablation --data ../shared/data/ml-100k --only default",
        "evaluate --data ../shared/data/ml-100k --queries 1000 --model-dir /tmp/ml-model"
            + " --index-file /tmp/ml-items.hnsw",
        "export --data ../shared/data/ml-100k --out /tmp/ml-json",
        "evaluate --data d --negatives mixed --temperature 0.1 --pooling attention --patience 3"
            + " --weight-decay 0.05");
    for (String line : lines) {
      CommandLine cl = commandLine();
      cl.parseArgs(line.split(" "));
      assertTrue(cl.getParseResult().hasSubcommand(), line);
    }
  }

  /** Every option of the old parser, in its old '--name value' form, keeps its meaning. */
  @Test
  void parse_everyOldOption_keepsItsMeaning() {
    CommandLine cl = commandLine();
    cl.parseArgs(("evaluate --data d --format csv --skip-bad-lines true --separator ;"
        + " --header false --user-column u --item-column i --time-column t"
        + " --index hnswlib --k 100 --ef 200 --queries 5 --serve-encoder torch"
        + " --model-dir m --index-file f --json j.json"
        + " --epochs 3 --patience 0 --pooling attention --loss bpr --negatives in-batch"
        + " --sampled 64 --logq false --temperature 0.2 --lr 0.01 --refit false --seed 3"
        + " --checkpoint c --batch 128 --weight-decay 0.01 --dimension 32 --embedding 16")
        .split(" "));
    Evaluate e = cl.getSubcommands().get("evaluate").getCommand();

    assertEquals(Path.of("d"), e.data.data);
    assertEquals("csv", e.data.format);
    assertTrue(e.data.skipBadLines);
    assertEquals(";", e.data.separator);
    assertFalse(e.data.header);
    assertEquals(List.of("u", "i", "t"),
        List.of(e.data.userColumn, e.data.itemColumn, e.data.timeColumn));
    assertEquals("hnswlib", e.experiment.index);
    assertEquals(List.of(100, 200, 5), List.of(e.experiment.k, e.experiment.ef,
        e.experiment.queries));
    assertEquals("torch", e.experiment.serveEncoder);
    assertEquals(Path.of("m"), e.experiment.modelDir);
    assertEquals(Path.of("f"), e.experiment.indexFile);
    assertEquals(Path.of("j.json"), e.experiment.json);
    TrainingOptions t = e.training;
    assertEquals(List.of(3, 0, 128, 32, 16),
        List.of(t.epochs, t.patience, t.batch, t.dimension, t.embedding));
    assertEquals(Pooling.ATTENTION, t.pooling);
    assertEquals(TwoTowerConfig.Loss.BPR, t.loss);
    assertEquals(TwoTowerConfig.Negatives.IN_BATCH, t.negatives);
    assertEquals(Integer.valueOf(64), t.sampled);
    assertFalse(t.logq);
    assertEquals(Float.valueOf(0.2f), t.temperature);
    assertEquals(Float.valueOf(0.01f), t.lr);
    assertEquals(Boolean.FALSE, t.refit);
    assertEquals(3L, t.seed);
    assertEquals(Path.of("c"), t.checkpoint);
    assertEquals(Float.valueOf(0.01f), t.weightDecay);
  }

  @Test
  void parse_noOptions_keepsTheDefaults() {
    CommandLine cl = commandLine();
    cl.parseArgs("quickstart");
    Quickstart q = cl.getSubcommands().get("quickstart").getCommand();

    assertEquals(List.of(500, 600, 10_000), List.of(q.experiment.k, q.experiment.ef,
        q.experiment.queries));
    assertEquals("hnsw", q.experiment.index);
    assertEquals("java", q.experiment.serveEncoder);
    assertNull(q.experiment.modelDir);
    assertNull(q.experiment.json);
    assertEquals(List.of(5000, 2000), List.of(q.synthetic.users, q.synthetic.items));
    assertEquals(TwoTowerConfig.builder().common(TrainerConfig.builder().build()).build()
        .toString(), q.training.config().toString());
  }

  private static CommandLine commandLine() {
    StringWriter sink = new StringWriter();
    return Main.commandLine(new PrintWriter(sink), new PrintWriter(sink));
  }
}
