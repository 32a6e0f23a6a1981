package io.github.vectorrecall.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the recall-vs-ef sweep of a reference run as a PNG: one panel per K, recall@K on the x
 * axis, P99 latency on the y axis, one line per contender through its ef ladder (each point
 * labelled with its ef), so a user can read off the ef that buys the recall they need and what
 * it costs. Reads the {@code searches.tsv} that {@link ReferenceRun} and {@code
 * scripts/native_hnswlib.py} write; needs no display (headless AWT).
 *
 * <pre>{@code
 * java -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.RecallPlot \
 *     recall-bench/target/reference/searches.tsv docs/recall-vs-ef.png
 * }</pre>
 */
public final class RecallPlot {
  private static final int PANEL_W = 620;
  private static final int PANEL_H = 460;
  private static final int MARGIN_L = 70;
  private static final int MARGIN_R = 20;
  private static final int MARGIN_T = 40;
  private static final int MARGIN_B = 55;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
  };

  private RecallPlot() {}

  /** One measured point: a contender at one ef. */
  private record Point(int ef, double recall, double p99) {}

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
    // K -> contender -> points; several rounds of one point are averaged
    Map<Integer, Map<String, List<Point>>> byK = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length < 8 || f[3].equals("-")) {
        continue; // exact search has no ef: it is drawn as a reference line below
      }
      String who = f[0].equals("native") ? f[1] : f[1] + " (" + f[0] + ")";
      byK.computeIfAbsent(Integer.parseInt(f[2]), k -> new LinkedHashMap<>())
          .computeIfAbsent(who, w -> new ArrayList<>())
          .add(new Point(Integer.parseInt(f[3]), Double.parseDouble(f[4]),
              Double.parseDouble(f[6])));
    }
    if (byK.isEmpty()) {
      throw new IllegalArgumentException(args[0] + " holds no graph search rows");
    }
    BufferedImage img = new BufferedImage(PANEL_W * byK.size(), PANEL_H,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    int panel = 0;
    for (Map.Entry<Integer, Map<String, List<Point>>> e : byK.entrySet()) {
      drawPanel(g, panel++ * PANEL_W, e.getKey(), e.getValue());
    }
    g.dispose();
    Path out = Path.of(args[1]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    ImageIO.write(img, "png", out.toFile());
    System.out.println("wrote " + out.toAbsolutePath());
  }

  private static void drawPanel(Graphics2D g, int x0, int k, Map<String, List<Point>> lines) {
    double minR = 1;
    double maxR = 0;
    double maxY = 0;
    for (List<Point> pts : lines.values()) {
      for (Point p : pts) {
        minR = Math.min(minR, p.recall());
        maxR = Math.max(maxR, p.recall());
        maxY = Math.max(maxY, p.p99());
      }
    }
    double span = Math.max(0.002, maxR - minR);
    double xLo = Math.max(0, minR - 0.1 * span);
    double xHi = Math.min(1.0, maxR + 0.25 * span);
    if (xHi - xLo < 0.002) {
      xLo = xHi - 0.002;
    }
    List<int[]> labels = new ArrayList<>();
    double yHi = niceCeil(maxY * 1.05);
    int left = x0 + MARGIN_L;
    int right = x0 + PANEL_W - MARGIN_R;
    int top = MARGIN_T;
    int bottom = PANEL_H - MARGIN_B;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString("K = " + k + ": recall@" + k + " against P99 per query", left, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    // grid and ticks
    for (int i = 0; i <= 5; i++) {
      double xv = xLo + (xHi - xLo) * i / 5;
      int px = left + (right - left) * i / 5;
      double yv = yHi * i / 5;
      int py = bottom - (bottom - top) * i / 5;
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(px, top, px, bottom);
      g.drawLine(left, py, right, py);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, xHi - xLo < 0.02 ? "%.4f" : "%.3f", xv), px - 14,
          bottom + 16);
      g.drawString(String.format(Locale.ROOT, "%.1f", yv), left - 34, py + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("recall@" + k + " against exact search", (left + right) / 2 - 80, bottom + 36);
    g.rotate(-Math.PI / 2);
    g.drawString("P99 ms", -(top + bottom) / 2 - 20, x0 + 18);
    g.rotate(Math.PI / 2);

    int c = 0;
    int legendY = top + 16;
    for (Map.Entry<String, List<Point>> line : lines.entrySet()) {
      Color color = PALETTE[c++ % PALETTE.length];
      List<Point> pts = averaged(line.getValue());
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int prevX = -1;
      int prevY = -1;
      for (Point p : pts) {
        int px = left + (int) Math.round((p.recall() - xLo) / (xHi - xLo) * (right - left));
        int py = bottom - (int) Math.round(p.p99() / yHi * (bottom - top));
        g.fillOval(px - 4, py - 4, 8, 8);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, px, py);
        }
        if (free(labels, px, py)) {
          g.drawString("ef " + p.ef(), px + 5, py - 6);
          labels.add(new int[] {px, py});
        }
        prevX = px;
        prevY = py;
      }
      g.fillRect(left + 10, legendY - 9, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(line.getKey(), left + 30, legendY - 4);
      legendY += 16;
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** Whether a label at (x, y) keeps clear of those already drawn. */
  private static boolean free(List<int[]> placed, int x, int y) {
    for (int[] p : placed) {
      if (Math.abs(p[0] - x) < 40 && Math.abs(p[1] - y) < 13) {
        return false;
      }
    }
    return true;
  }

  /** One point per ef (the mean over rounds), in ef order. */
  private static List<Point> averaged(List<Point> pts) {
    Map<Integer, double[]> sums = new TreeMap<>();
    for (Point p : pts) {
      double[] s = sums.computeIfAbsent(p.ef(), e -> new double[3]);
      s[0] += p.recall();
      s[1] += p.p99();
      s[2]++;
    }
    List<Point> out = new ArrayList<>();
    sums.forEach((ef, s) -> out.add(new Point(ef, s[0] / s[2], s[1] / s[2])));
    out.sort(Comparator.comparingInt(Point::ef));
    return out;
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double step = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * step >= v) {
        return m * step;
      }
    }
    return 10 * step;
  }
}
