package dev.eddy.bandits.mdp.eval;

import java.util.Arrays;

/**
 * The exponent α of a regret curve R(k) ≈ c·k^α: the least-squares slope of log R(k) on log k.
 *
 * <p>The fit uses about 20 log-spaced episodes in [K/10, K]: log spacing weighs every decade alike (evenly spaced
 * points would let the last half of the run decide alone), and starting at K/10 keeps out the burn-in, where the
 * curve is dominated by the first few noisy episodes rather than by its rate. Points with R(k) ≤ 0 have no
 * logarithm and are left out: against a comparator in expectation a good policy's regret can dip below zero by
 * luck, and dropping those points biases the slope far less than clamping them to some small positive value would.
 */
public final class LogLogSlope {

    /** Points of the fit. */
    public static final int POINTS = 20;

    private LogLogSlope() {}

    /**
     * The slope over episodes [K/10, K] of {@code curve}, where {@code curve[k - 1]} is the cumulative regret after
     * episode k; NaN when fewer than two of the sampled points are positive.
     */
    public static double fit(double[] curve) {
        int k = curve.length;
        return fit(curve, Math.max(1, k / 10), k, POINTS);
    }

    /** The slope over about {@code points} log-spaced episodes in [from, to] (1-based, inclusive). */
    public static double fit(double[] curve, int from, int to, int points) {
        if (from < 1 || to > curve.length || from > to) {
            throw new IllegalArgumentException("episodes [" + from + ", " + to + "] outside 1.." + curve.length);
        }
        int n = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int episode : logSpaced(from, to, points)) {
            double r = curve[episode - 1];
            if (!(r > 0)) continue;
            double x = Math.log(episode);
            double y = Math.log(r);
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double det = n * sxx - sx * sx;
        if (n < 2 || det <= 0) return Double.NaN;
        return (n * sxy - sx * sy) / det;
    }

    /**
     * About {@code n} distinct integers from {@code from} to {@code to}, evenly spaced in log, always including both
     * ends; fewer where the range has fewer integers (rounding merges neighbours near the start).
     */
    public static int[] logSpaced(int from, int to, int n) {
        if (from < 1 || to < from || n < 1) {
            throw new IllegalArgumentException("need 1 <= from <= to and n >= 1: " + from + ", " + to + ", " + n);
        }
        if (n == 1 || from == to) return from == to ? new int[] {from} : new int[] {to};
        int[] out = new int[n];
        int m = 0;
        double ratio = Math.log((double) to / from);
        for (int i = 0; i < n; i++) {
            int v = (int) Math.round(from * Math.exp(ratio * i / (n - 1)));
            v = Math.min(to, Math.max(from, v));
            if (m == 0 || v > out[m - 1]) out[m++] = v;
        }
        out[m - 1] = to; // rounding must not lose the final episode, whose regret is the one reported
        return Arrays.copyOf(out, m);
    }
}
