package io.github.vectorrecall.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the recall-vs-ef sweep of a reference run as a PNG: one panel per K, recall@K on the x
 * axis, P99 latency on the y axis, one line per contender through its ef ladder (points labelled
 * with their ef where the label has room), so a user can read off the ef that buys the recall
 * they need and what it costs. Reads the {@code searches.tsv} that {@link ReferenceRun} and
 * {@code scripts/native_hnswlib.py} write; several rounds of one point are averaged. Drawn by
 * XChart; needs no display (headless AWT).
 *
 * <pre>{@code
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.RecallPlot \
 *     recall-bench/target/reference/searches.tsv docs/recall-vs-ef.png
 * }</pre>
 */
public final class RecallPlot {
  private static final int PANEL_W = 620;
  private static final int PANEL_H = 460;

  private RecallPlot() {}

  /**
   * Draws the plot.
   *
   * @param args the searches.tsv file and the PNG to write
   * @throws IOException if reading or writing fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: RecallPlot SEARCHES_TSV OUT_PNG");
    }
    System.setProperty("java.awt.headless", "true");
    // K -> contender -> ef -> {recall sum, P99 sum, rounds}
    Map<Integer, Map<String, TreeMap<Integer, double[]>>> byK = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length < 8 || f[3].equals("-")) {
        continue; // exact search has no ef
      }
      String who = f[0].equals("native") ? f[1] : f[1] + " (" + f[0] + ")";
      double[] sums = byK.computeIfAbsent(Integer.parseInt(f[2]), k -> new LinkedHashMap<>())
          .computeIfAbsent(who, w -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(f[3]), ef -> new double[3]);
      sums[0] += Double.parseDouble(f[4]);
      sums[1] += Double.parseDouble(f[6]);
      sums[2]++;
    }
    if (byK.isEmpty()) {
      throw new IllegalArgumentException(args[0] + " holds no graph search rows");
    }
    List<XYChart> panels = new ArrayList<>();
    byK.forEach((k, lines) -> panels.add(panel(k, lines)));
    Path out = Path.of(args[1]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    try (var os = Files.newOutputStream(out)) {
      BitmapEncoder.saveBitmap(panels, 1, panels.size(), os, BitmapEncoder.BitmapFormat.PNG);
    }
    System.out.println("wrote " + out.toAbsolutePath());
  }

  private static XYChart panel(int k, Map<String, TreeMap<Integer, double[]>> lines) {
    XYChart chart = new XYChartBuilder().width(PANEL_W).height(PANEL_H)
        .title("K = " + k + ": recall@" + k + " against P99 per query")
        .xAxisTitle("recall@" + k + " against exact search").yAxisTitle("P99 ms").build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setAnnotationTextFontColor(Color.DARK_GRAY);
    double minR = 1;
    double maxR = 0;
    double maxY = 0;
    for (Map.Entry<String, TreeMap<Integer, double[]>> line : lines.entrySet()) {
      List<Double> recall = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      line.getValue().values().forEach(s -> {
        recall.add(s[0] / s[2]);
        p99.add(s[1] / s[2]);
      });
      chart.addSeries(line.getKey(), recall, p99);
      minR = Math.min(minR, recall.get(0));
      maxR = Math.max(maxR, recall.get(recall.size() - 1));
      maxY = Math.max(maxY, p99.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
    // Recall is often within a few thousandths of 1: keep the axis close around the points.
    double span = Math.max(0.002, maxR - minR);
    double xLo = Math.max(0, minR - 0.1 * span);
    double xHi = Math.min(1.0, maxR + 0.15 * span);
    chart.getStyler().setXAxisMin(xLo).setXAxisMax(xHi)
        .setXAxisDecimalPattern(xHi - xLo < 0.02 ? "0.0000" : "0.000");
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(maxY * 1.15); // room for the top label
    labelEf(chart, lines, xHi - xLo, Math.max(maxY, 1e-9));
    return chart;
  }

  /** Writes "ef N" beside each point whose label keeps clear of those already written. */
  private static void labelEf(XYChart chart, Map<String, TreeMap<Integer, double[]>> lines,
      double xSpan, double ySpan) {
    List<double[]> placed = new ArrayList<>();
    for (TreeMap<Integer, double[]> points : lines.values()) {
      points.forEach((ef, s) -> {
        double x = s[0] / s[2];
        double y = s[1] / s[2];
        for (double[] p : placed) {
          if (Math.abs(p[0] - x) < 0.1 * xSpan && Math.abs(p[1] - y) < 0.06 * ySpan) {
            return;
          }
        }
        placed.add(new double[] {x, y});
        chart.addAnnotation(new AnnotationText("ef " + ef, x, y + 0.04 * ySpan, false));
      });
    }
  }
}
