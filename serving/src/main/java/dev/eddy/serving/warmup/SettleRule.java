package dev.eddy.serving.warmup;

import java.util.ArrayList;
import java.util.List;

/**
 * When a warm-up's latency has settled: after at least {@code minRequests}, the median per-request latencies of the
 * last {@code window} rounds lie within a factor {@code 1 + tolerance} of each other. A JVM that is still compiling
 * the hot path gets faster from round to round (each C2 compilation that lands cuts the median), so a flat run of
 * rounds means the compiled code answers; a single slow round from a busy neighbour only delays the verdict.
 */
public final class SettleRule {
    private final int minRequests;
    private final int window;
    private final double tolerance;
    private final List<Double> medians = new ArrayList<>();
    private long requests;

    public SettleRule(int minRequests, int window, double tolerance) {
        if (minRequests < 0) throw new IllegalArgumentException("minRequests must be >= 0, was " + minRequests);
        if (window < 2) throw new IllegalArgumentException("window must be >= 2, was " + window);
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, was " + tolerance);
        this.minRequests = minRequests;
        this.window = window;
        this.tolerance = tolerance;
    }

    /** Records one round: its request count and its median latency. */
    public void round(int roundRequests, double medianMicros) {
        requests += roundRequests;
        medians.add(medianMicros);
    }

    public boolean settled() {
        if (requests < minRequests || medians.size() < window) return false;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double m : medians.subList(medians.size() - window, medians.size())) {
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        return hi <= lo * (1 + tolerance);
    }

    public long requests() {
        return requests;
    }

    /** The rounds' medians so far, in µs, in order. */
    public List<Double> medians() {
        return List.copyOf(medians);
    }
}
