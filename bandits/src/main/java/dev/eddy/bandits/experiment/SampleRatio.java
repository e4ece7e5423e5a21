package dev.eddy.bandits.experiment;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio mismatch, checked once: Pearson's chi-squared test of the variants' user counts against the
 * configured traffic weights (gbstats' check_srm). A mismatch means assignment or logging is broken and every other
 * result of the experiment is suspect, so the alert level is strict: p < {@value #ALERT_LEVEL}. Looked at
 * repeatedly, use {@link SequentialSampleRatioTest} instead.
 */
public final class SampleRatio {

    /** The p-value below which a mismatch is reported. */
    public static final double ALERT_LEVEL = 0.001;

    private SampleRatio() {
    }

    /**
     * Σ (o − e)²/e over the variants with a positive weight, e = total·w/Σw, against χ² with (variants with a
     * positive weight − 1) degrees of freedom; 1 with no users.
     */
    public static double chiSquaredPValue(long[] counts, double[] weights) {
        checkShapes(counts, weights);
        double totalWeight = 0;
        long total = 0;
        int used = 0;
        for (int i = 0; i < counts.length; i++) {
            if (weights[i] > 0) {
                totalWeight += weights[i];
                total += counts[i];
                used++;
            }
        }
        if (total == 0 || used < 2) return 1;
        double statistic = 0;
        for (int i = 0; i < counts.length; i++) {
            if (weights[i] <= 0) continue;
            double expected = weights[i] / totalWeight * total;
            double d = counts[i] - expected;
            statistic += d * d / expected;
        }
        return ChiSquaredDistribution.of(used - 1).survivalProbability(statistic);
    }

    static void checkShapes(long[] counts, double[] weights) {
        if (counts.length != weights.length || counts.length < 2) {
            throw new IllegalArgumentException("need one count per weight and at least two variants, got "
                    + counts.length + " counts and " + weights.length + " weights");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) throw new IllegalArgumentException("counts must be >= 0, was " + counts[i]);
            if (!(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weights must be >= 0, was " + weights[i]);
            }
        }
    }
}
