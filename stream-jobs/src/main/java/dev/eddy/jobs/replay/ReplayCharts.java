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
        boolean bounds = lo.size() == x.size();
        double[] range = yRange(y, bounds ? lo : List.of(), bounds ? hi : List.of(), loggedValue);
        chart.addSeries(p.traceEstimator(), x, y);
        if (bounds) {
            XYSeries lower = chart.addSeries("confidence sequence (lower)" + offAxis(lo, range), x, lo);
            lower.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            XYSeries upper = chart.addSeries("confidence sequence (upper)" + offAxis(hi, range), x, hi);
            upper.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
        if (Double.isFinite(loggedValue)) {
            XYSeries logged = chart.addSeries("logging policy (on-policy)", List.of(x.get(0), x.get(x.size() - 1)),
                    List.of(loggedValue, loggedValue));
            logged.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        }
        for (XYSeries s : chart.getSeriesMap().values()) s.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(range[0]);
        chart.getStyler().setYAxisMax(range[1]);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** A legend note when a bound ends outside the axis, so that a clipped line is not read as missing. */
    private static String offAxis(List<Double> bound, double[] range) {
        double last = bound.get(bound.size() - 1);
        if (last >= range[0] && last <= range[1]) return "";
        return String.format(Locale.ROOT, ", off the axis: %.3g at the end", last);
    }

    /**
     * The y-axis range: the estimate after its first tenth of points and the logging policy's value, widened to the
     * confidence sequence's second half as far as two spans of the estimate on either side, then padded by a tenth.
     * A confidence sequence starts at the whole range ([0, 1] after a few events) and on a log with large weights
     * stays far wider than the estimate moves (upper bound 0.2 over a click rate of 0.003 on Open Bandit's BTS log):
     * fitting the axis to it made the estimate a flat line on the floor. Bounds beyond the axis are clipped.
     */
    static double[] yRange(List<Double> values, List<Double> lower, List<Double> upper, double logged) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = values.size() / 10; i < values.size(); i++) {
            min = Math.min(min, values.get(i));
            max = Math.max(max, values.get(i));
        }
        if (Double.isFinite(logged)) {
            min = Math.min(min, logged);
            max = Math.max(max, logged);
        }
        if (!(min <= max)) return new double[] {0, 1};
        double span = Math.max(max - min, Math.max(0.2 * Math.max(Math.abs(min), Math.abs(max)), 1e-3));
        double floor = min - 2 * span;
        double ceiling = max + 2 * span;
        for (int i = lower.size() / 2; i < lower.size(); i++) {
            min = Math.min(min, Math.max(floor, lower.get(i)));
            max = Math.max(max, Math.min(ceiling, upper.get(i)));
        }
        double pad = 0.1 * (max - min);
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
