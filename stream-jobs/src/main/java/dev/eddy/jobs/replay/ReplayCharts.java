package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.OnlineEstimateTrace;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's charts as PNG bytes (XChart), to be embedded in the HTML. */
final class ReplayCharts {
    private ReplayCharts() {}

    /** One policy's estimate versus events, with its confidence sequence where the estimator has one. */
    static byte[] trace(ReplayResults.PolicyResult p, double loggedValue) throws IOException {
        headless();
        XYChart chart = new XYChartBuilder().width(760).height(380)
                .title(p.policy() + ": " + p.traceEstimator() + " vs events").xAxisTitle("events")
                .yAxisTitle("estimated value").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        for (OnlineEstimateTrace.Point pt : p.trace()) {
            if (!Double.isFinite(pt.value())) continue;
            x.add((double) pt.events());
            y.add(pt.value());
            if (Double.isFinite(pt.lower()) && Double.isFinite(pt.upper())) {
                lo.add(pt.lower());
                hi.add(pt.upper());
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        chart.addSeries(p.traceEstimator(), x, y);
        if (lo.size() == x.size()) {
            XYSeries lower = chart.addSeries("confidence sequence (lower)", x, lo);
            lower.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            XYSeries upper = chart.addSeries("confidence sequence (upper)", x, hi);
            upper.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
        if (Double.isFinite(loggedValue)) {
            XYSeries logged = chart.addSeries("logging policy (on-policy)", List.of(x.get(0), x.get(x.size() - 1)),
                    List.of(loggedValue, loggedValue));
            logged.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        }
        for (XYSeries s : chart.getSeriesMap().values()) s.setMarker(SeriesMarkers.NONE);
        double[] range = yRange(y, lo.size() == x.size() ? lo : List.of(), lo.size() == x.size() ? hi : List.of(),
                loggedValue);
        chart.getStyler().setYAxisMin(range[0]);
        chart.getStyler().setYAxisMax(range[1]);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The y-axis range: the estimate after its first tenth of points, the confidence sequence over its second half,
     * and the logging policy's value, padded by a tenth. A confidence sequence starts at the whole range ([0, 1]
     * after a few events); fitting the axis to that made the estimate a flat line on the floor.
     */
    static double[] yRange(List<Double> values, List<Double> lower, List<Double> upper, double logged) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = values.size() / 10; i < values.size(); i++) {
            min = Math.min(min, values.get(i));
            max = Math.max(max, values.get(i));
        }
        for (int i = lower.size() / 2; i < lower.size(); i++) {
            min = Math.min(min, lower.get(i));
            max = Math.max(max, upper.get(i));
        }
        if (Double.isFinite(logged)) {
            min = Math.min(min, logged);
            max = Math.max(max, logged);
        }
        if (!(min <= max)) return new double[] {0, 1};
        double pad = Math.max(0.1 * (max - min), 1e-3 * Math.max(1, Math.abs(max)));
        return new double[] {min - pad, max + pad};
    }

    /** One policy's importance weights as a histogram. */
    static byte[] weights(ReplayResults.PolicyResult p) throws IOException {
        headless();
        ReplayResults.WeightHistogram h = p.weights();
        CategoryChart chart = new CategoryChartBuilder().width(760).height(300)
                .title(p.policy() + ": importance weights (max " + String.format(Locale.ROOT, "%.3g", h.max()) + ")")
                .xAxisTitle("weight π/μ of the logged action").yAxisTitle("decisions").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(60);
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < h.counts().length; i++) {
            labels.add(String.format(Locale.ROOT, "%.3g", h.edges()[i]));
            counts.add(h.counts()[i]);
        }
        chart.addSeries("decisions", labels, counts);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void headless() {
        // Servers and CI have no display; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
    }
}
