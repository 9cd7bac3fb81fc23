package dev.glassbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The suite's results as one table, as JSON and as a PNG bar chart. */
public final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<BenchSuite.Outcome> outcomes;
  private final BenchSize size;
  private final Instant when;

  public BenchReport(List<BenchSuite.Outcome> outcomes, BenchSize size, Instant when) {
    this.outcomes = List.copyOf(outcomes);
    this.size = size;
    this.when = when;
  }

  /** Every measurement of the benchmarks that ran, in order. */
  public List<Measurement> measurements() {
    List<Measurement> all = new ArrayList<>();
    for (BenchSuite.Outcome o : outcomes) {
      if (o instanceof BenchSuite.Outcome.Ran r) {
        all.addAll(r.measurements());
      }
    }
    return all;
  }

  /** True when every benchmark ran and met its targets. */
  public boolean allMet() {
    return outcomes.stream().allMatch(o -> o instanceof BenchSuite.Outcome.Ran)
        && measurements().stream().allMatch(Measurement::met);
  }

  /** The table, a Markdown table so the README can show it as printed. */
  public String table() {
    StringBuilder s = new StringBuilder();
    s.append("| benchmark | measured | ours | reference | ratio | target | met? |\n");
    s.append("|---|---|---:|---|---:|---|---|\n");
    for (BenchSuite.Outcome o : outcomes) {
      if (o instanceof BenchSuite.Outcome.Ran r) {
        for (Measurement m : r.measurements()) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s | %s | %s | %s |%n",
                  m.benchmark(),
                  m.metric(),
                  value(m.ours(), m.unit()),
                  m.referenceName().isEmpty()
                      ? "—"
                      : m.referenceName() + " " + value(m.reference(), m.unit()),
                  Double.isNaN(m.ratio()) ? "—" : ratioText(m.ratio()),
                  target(m),
                  m.target() instanceof Measurement.Target.None
                      ? "—"
                      : m.met() ? "yes" : "**no**"));
        }
      } else if (o instanceof BenchSuite.Outcome.Skipped k) {
        s.append(String.format("| %s | skipped: %s | | | | | |%n", k.entry().name(), k.reason()));
      } else if (o instanceof BenchSuite.Outcome.Failed f) {
        s.append(
            String.format(
                "| %s | **failed**: %s | | | | | |%n",
                f.entry().name(), f.message().replace('|', '/').replace('\n', ' ')));
      }
    }
    return s.toString();
  }

  static String value(double v, String unit) {
    if (unit.equals("s") && v < 1) {
      return String.format(Locale.ROOT, "%.0f ms", v * 1000);
    }
    if (unit.equals("s")) {
      return String.format(Locale.ROOT, "%.2f s", v);
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, unit);
  }

  static String target(Measurement m) {
    if (m.target() instanceof Measurement.Target.MaxRatio r) {
      return r.max() < 0.1
          ? String.format(Locale.ROOT, "≤ %.2fx (≥ %.0f× faster)", r.max(), 1 / r.max())
          : String.format(Locale.ROOT, "≤ %.2fx", r.max());
    }
    if (m.target() instanceof Measurement.Target.MaxValue v) {
      return "≤ " + value(v.max(), m.unit());
    }
    return "—";
  }

  /**
   * Writes {@code results.json}, {@code results.png} and the table as {@code results.md} into
   * {@code dir}; returns their paths.
   */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("results.json");
    Path png = dir.resolve("results.png");
    Path md = dir.resolve("results.md");
    writeAtomically(json, JSON.writeValueAsBytes(json()));
    writeAtomically(png, chart());
    writeAtomically(md, table().getBytes(StandardCharsets.UTF_8));
    return List.of(json, png, md);
  }

  ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("when", when.toString());
    root.put("size", size.name().toLowerCase(Locale.ROOT));
    root.put("java", System.getProperty("java.vm.version"));
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("allMet", allMet());
    ArrayNode benchmarks = root.putArray("benchmarks");
    for (BenchSuite.Outcome o : outcomes) {
      ObjectNode b = benchmarks.addObject();
      b.put("name", o.entry().name());
      b.put("description", o.entry().description());
      if (o instanceof BenchSuite.Outcome.Ran r) {
        b.put("status", "ran");
        b.put("seconds", r.took().toMillis() / 1000.0);
        ArrayNode ms = b.putArray("measurements");
        for (Measurement m : r.measurements()) {
          ObjectNode n = ms.addObject();
          n.put("metric", m.metric());
          n.put("unit", m.unit());
          n.put("ours", m.ours());
          if (!m.referenceName().isEmpty()) {
            n.put("reference", m.referenceName());
            n.put("referenceValue", m.reference());
            n.put("ratio", m.ratio());
          }
          if (m.target() instanceof Measurement.Target.MaxRatio t) {
            n.put("targetMaxRatio", t.max());
          } else if (m.target() instanceof Measurement.Target.MaxValue t) {
            n.put("targetMax", t.max());
          }
          if (!(m.target() instanceof Measurement.Target.None)) {
            n.put("met", m.met());
          }
        }
      } else if (o instanceof BenchSuite.Outcome.Skipped k) {
        b.put("status", "skipped");
        b.put("reason", k.reason());
      } else if (o instanceof BenchSuite.Outcome.Failed f) {
        b.put("status", "failed");
        b.put("message", f.message());
      }
    }
    return root;
  }

  /**
   * One horizontal bar per measurement: ours relative to the reference (or, without one, to the
   * target), with the target as a dashed mark; green when met, red when not, grey without target.
   */
  byte[] chart() throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Measurement> ms = measurements();
    int rowH = 34;
    int labelW = 420;
    int barW = 560;
    int w = labelW + barW + 150;
    int h = 70 + Math.max(1, ms.size()) * rowH + 40;
    double scaleMax = 1.0;
    for (Measurement m : ms) {
      scaleMax = Math.max(scaleMax, Math.max(barValue(m), targetValue(m)));
    }
    scaleMax = Math.min(scaleMax * 1.1, 20);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(new Color(0x20, 0x20, 0x20));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(
          "Glassbox benchmarks ("
              + size.name().toLowerCase(Locale.ROOT)
              + ", "
              + when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + ")",
          16,
          28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(
          "bar: ours / reference (or ours / target where there is no reference tool);"
              + " dashed: the target; lower is better",
          16,
          48);
      int x0 = labelW;
      double px = barW / scaleMax;
      // The 1x line: as fast as the reference.
      g.setColor(new Color(0xB0, 0xB0, 0xB0));
      g.drawLine(x0 + (int) px, 60, x0 + (int) px, h - 30);
      g.drawString("1x", x0 + (int) px - 6, h - 14);
      int y = 64;
      for (Measurement m : ms) {
        g.setColor(new Color(0x20, 0x20, 0x20));
        String label =
            m.benchmark()
                + ": "
                + m.metric()
                + (m.referenceName().isEmpty() ? "" : " vs " + m.referenceName());
        g.drawString(label.length() > 64 ? label.substring(0, 63) + "…" : label, 16, y + 20);
        double v = barValue(m);
        boolean hasTarget = !(m.target() instanceof Measurement.Target.None);
        g.setColor(
            !hasTarget
                ? new Color(0x90, 0x90, 0x90)
                : m.met() ? new Color(0x2E, 0x9E, 0x4F) : new Color(0xD0, 0x3B, 0x3B));
        g.fillRect(x0, y + 6, Math.max(2, (int) Math.min(barW, v * px)), rowH - 12);
        if (hasTarget) {
          int tx = x0 + (int) Math.min(barW, targetValue(m) * px);
          g.setColor(new Color(0x20, 0x20, 0x20));
          g.setStroke(
              new BasicStroke(
                  2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
          g.drawLine(tx, y + 2, tx, y + rowH - 2);
          g.setStroke(new BasicStroke(1));
        }
        g.setColor(new Color(0x20, 0x20, 0x20));
        String text =
            Double.isNaN(m.ratio())
                ? value(m.ours(), m.unit())
                : ratioText(m.ratio());
        g.drawString(text, x0 + (int) Math.min(barW, v * px) + 8, y + 20);
        y += rowH;
      }
    } finally {
      g.dispose();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static double barValue(Measurement m) {
    if (!Double.isNaN(m.ratio())) {
      return m.ratio();
    }
    return m.target() instanceof Measurement.Target.MaxValue t ? m.ours() / t.max() : 1;
  }

  private static double targetValue(Measurement m) {
    if (m.target() instanceof Measurement.Target.MaxRatio r) {
      return r.max();
    }
    if (m.target() instanceof Measurement.Target.MaxValue t) {
      // With a reference the bar is a ratio, so the absolute target is drawn on that scale too.
      return Double.isNaN(m.ratio()) ? 1 : t.max() / m.reference();
    }
    return 0;
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  // Far below 1 (the tree diff against diff -r) "0.00x" would hide the result: say how many
  // times faster instead.
  static String ratioText(double ratio) {
    return ratio < 0.1
        ? String.format(Locale.ROOT, "%.4fx (%.0f× faster)", ratio, 1 / ratio)
        : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
