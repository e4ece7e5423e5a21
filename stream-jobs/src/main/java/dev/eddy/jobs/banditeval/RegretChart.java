package dev.eddy.jobs.banditeval;

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
import java.util.List;

/** Mean cumulative regret versus round, one line per policy, as a PNG. */
public final class RegretChart {

    /** More points than a 1000-pixel-wide chart can show only make the file bigger. */
    static final int MAX_POINTS = 1000;

    private RegretChart() {}

    public static void writePng(Path file, String title, List<EvalSummary> summaries) throws IOException {
        // Servers and CI have no display; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(640).title(title)
                .xAxisTitle("round").yAxisTitle("mean cumulative regret").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
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
            String label = s.seeds() > 1 ? s.policy() + " (" + s.seeds() + " seeds)" : s.policy();
            XYSeries series = chart.addSeries(label, x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
