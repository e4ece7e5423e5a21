package dev.eddy.tools.bench.load;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, in milliseconds. */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
    private static final double MS = 1000.0;

    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / MS, h.getValueAtPercentile(90) / MS,
                h.getValueAtPercentile(99) / MS, h.getValueAtPercentile(99.9) / MS, h.getMaxValue() / MS,
                h.getMean() / MS);
    }
}
