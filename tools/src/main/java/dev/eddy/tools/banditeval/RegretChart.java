package dev.eddy.tools.banditeval;

import dev.eddy.bandits.eval.EvalSummary;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Regret curves as a PNG: one line per policy, on linear or log-log axes. */
public final class RegretChart {

    /** More points than a 1000-pixel-wide chart can show only make the file bigger. */
    static final int MAX_POINTS = 1000;

    private RegretChart() {}

    /** A line of the chart: its label and its points. */
    public record Line(String label, double[] x, double[] y) {
        public Line {
            if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + ", " + y.length);
        }
    }

    /** Mean cumulative regret versus round of each policy, on linear axes. */
    public static void writePng(Path file, String title, List<EvalSummary> summaries) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (EvalSummary s : summaries) {
            double[] curve = s.meanCurve();
            int every = Math.max(1, (curve.length + MAX_POINTS - 1) / MAX_POINTS);
            int[] rounds = RegretCsv.sampledRounds(curve.length, every);
            double[] x = new double[rounds.length + 1];
            double[] y = new double[rounds.length + 1];
            // Start at (0, 0): no rounds, no regret.
            for (int i = 0; i < rounds.length; i++) {
                x[i + 1] = rounds[i];
                y[i + 1] = curve[rounds[i] - 1];
            }
            lines.add(new Line(s.seeds() > 1 ? s.policy() + " (" + s.seeds() + " seeds)" : s.policy(), x, y));
        }
        writePng(file, title, "round", "mean cumulative regret", lines, false);
    }

    /**
     * Any lines as a PNG. With {@code logLog} both axes are logarithmic, where a regret growing as K^α is a straight
     * line of slope α; points with x ≤ 0 or y ≤ 0 have no place on such axes and are dropped.
     */
    public static void writePng(Path file, String title, String xTitle, String yTitle, List<Line> lines, boolean logLog)
            throws IOException {
        // Servers and CI have no display; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(640).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        int added = 0;
        for (Line line : lines) {
            double[] x = line.x();
            double[] y = line.y();
            if (logLog) {
                int n = 0;
                double[] px = new double[x.length];
                double[] py = new double[y.length];
                for (int i = 0; i < x.length; i++) {
                    if (x[i] > 0 && y[i] > 0) {
                        px[n] = x[i];
                        py[n++] = y[i];
                    }
                }
                // XChart cannot draw an empty series; a policy with no positive regret simply has no line.
                if (n == 0) continue;
                x = Arrays.copyOf(px, n);
                y = Arrays.copyOf(py, n);
            }
            XYSeries series = chart.addSeries(line.label(), x, y);
            series.setMarker(SeriesMarkers.NONE);
            added++;
        }
        // Log axes with no data make XChart fail on an empty range; an empty linear chart still says "nothing here".
        if (logLog && added > 0) {
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(true);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
