package io.github.vectorrecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plot is drawn headless from a small searches.tsv: one 620 x 460 panel per K. */
class RecallPlotTest {
  @TempDir Path tmp;

  @Test
  void main_twoKs_writesTwoPanels() throws IOException {
    Path tsv = tmp.resolve("searches.tsv");
    Files.write(tsv, List.of(
        "java\thnsw\t100\t200\t0.9990\t0.4000\t0.6000\t0.9000",
        "java\thnsw\t100\t400\t0.9998\t0.6000\t0.9000\t1.2000",
        "native\tnative-hnswlib\t100\t200\t0.9990\t0.3000\t0.5000\t0.8000",
        "java\texact\t100\t-\t1.0000\t20.0\t25.0\t30.0",
        "java\thnsw\t500\t200\t0.9100\t0.8000\t1.1000\t1.5000",
        "java\thnsw\t500\t200\t0.9120\t0.8000\t1.3000\t1.5000"));
    Path png = tmp.resolve("out/plot.png");
    System.setProperty("java.awt.headless", "true");
    RecallPlot.main(new String[] {tsv.toString(), png.toString()});
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(2 * 620, img.getWidth());
    assertEquals(460, img.getHeight());
    assertTrue(inked(img, 0) > 0.01, "left panel blank: " + inked(img, 0));
    assertTrue(inked(img, 620) > 0.01, "right panel blank: " + inked(img, 620));
  }

  /** Share of a panel's pixels that are not white. */
  private static double inked(BufferedImage img, int x0) {
    int n = 0;
    for (int x = x0; x < x0 + 620; x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        n += (img.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
      }
    }
    return n / (620.0 * img.getHeight());
  }

  @Test
  void main_onlyExactRows_throws() throws IOException {
    Path tsv = tmp.resolve("searches.tsv");
    Files.write(tsv, List.of("java\texact\t100\t-\t1.0000\t20.0\t25.0\t30.0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecallPlot.main(new String[] {tsv.toString(), tmp.resolve("p.png").toString()}));
    assertEquals(tsv + " holds no graph search rows", e.getMessage());
  }
}
