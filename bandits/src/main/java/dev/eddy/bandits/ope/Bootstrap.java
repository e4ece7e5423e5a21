package dev.eddy.bandits.ope;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over slates: each draw takes as many slates as the log has, with replacement, and
 * recomputes the estimator from the stored terms; the interval is the (α/2, 1 − α/2) quantiles of the draws.
 * The reward model is not refitted per draw, so model-fitting noise is left out of DM/DR intervals (the usual
 * shortcut; cross-fitting keeps the model's error independent of each sample's own term). Draws whose estimate is
 * undefined (a self-normalised estimator with no weight on any drawn slate) are left out of the quantiles.
 */
final class Bootstrap implements IntervalMethod {

    private final int resamples;
    private final double level;
    private final long seed;

    Bootstrap(int resamples, double level, long seed) {
        if (resamples < 2) throw new IllegalArgumentException("need at least 2 resamples, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    @Override
    public Interval interval(EstimatorTerms terms) {
        String name = "bootstrap-percentile(" + resamples + "," + level + ")";
        int units = terms.units();
        if (units == 0) return new Interval(Double.NaN, Double.NaN, name);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] times = new int[units];
        double[] values = new double[resamples];
        int kept = 0;
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(times, 0);
            for (int k = 0; k < units; k++) times[rng.nextInt(units)]++;
            double v = terms.value(times);
            if (!Double.isNaN(v)) values[kept++] = v;
        }
        if (kept == 0) return new Interval(Double.NaN, Double.NaN, name);
        double[] sorted = Arrays.copyOf(values, kept);
        Arrays.sort(sorted);
        double alpha = 1 - level;
        return new Interval(quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2), name);
    }

    /** Linear interpolation between order statistics (R's type 7, numpy's default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
