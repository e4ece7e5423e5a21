package dev.eddy.bandits.ope;

/**
 * The empirical-Bernstein interval of Maurer and Pontil (2009, Theorem 4) for importance-weighted means of rewards
 * in [0, 1]. Each slate's term lies in [0, W] with W the weight bound, so after scaling by W the theorem's
 * one-sided bound sqrt(2·V·ln(2/δ)/n) + 7·ln(2/δ)/(3(n − 1)) (V the unbiased sample variance) holds with
 * δ = α/2 per side. Unlike the bootstrap it is valid at every n, not only asymptotically, and it widens with the
 * weight bound, which is the point: a log that barely covers the target policy gets an honest wide interval.
 * <p>
 * SNIPS = A/B with A = mean(w·r) and B = mean(w), both in [0, W]: each gets a bound at α/4 per side and the ratio of
 * their ends, clipped to [0, 1], is the interval (conservative by the union bound).
 * <p>
 * The weight bound should be known before seeing the log (e.g. max π/μ over the actions); NaN uses the largest
 * applied weight in the log, a plug-in that is not strictly valid but is what OBP-style reports use. Slates must all
 * have the same number of slots so that their per-slot terms are identically bounded.
 */
final class EmpiricalBernstein implements IntervalMethod {

    private final double level;
    private final double weightBound;

    EmpiricalBernstein(double level, double weightBound) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        if (!Double.isNaN(weightBound) && !(weightBound > 0)) {
            throw new IllegalArgumentException("weight bound must be > 0 (or NaN for the observed maximum)");
        }
        this.level = level;
        this.weightBound = weightBound;
    }

    @Override
    public Interval interval(EstimatorTerms t) {
        String name = "empirical-bernstein(" + level + ")";
        if (t.form() == EstimatorTerms.Form.GENERAL) {
            throw new IllegalArgumentException("empirical Bernstein needs an importance-weighted mean (IPS, SNIPS, "
                    + "IIPS, RIPS); " + t.estimator() + " has no known range: use the bootstrap");
        }
        if (!t.rewardsInUnitInterval()) {
            throw new IllegalArgumentException("empirical Bernstein needs rewards in [0, 1]");
        }
        int n = t.units();
        if (n < 2) return new Interval(Double.NaN, Double.NaN, name);
        int slots = t.count[0];
        for (int c : t.count) {
            if (c != slots) throw new IllegalArgumentException("empirical Bernstein needs slates of equal size");
        }
        double bound = Double.isNaN(weightBound) ? t.maxImportanceWeight() : weightBound;
        if (bound == 0) return new Interval(0, 0, name);
        double alpha = 1 - level;
        if (t.form() == EstimatorTerms.Form.WEIGHTED_MEAN) {
            double[] ab = bounds(t.weighted, slots, bound, alpha / 2);
            return new Interval(Math.max(0, ab[0]), Math.min(bound, ab[1]), name);
        }
        double[] a = bounds(t.weighted, slots, bound, alpha / 4);
        double[] b = bounds(t.normalizer, slots, bound, alpha / 4);
        double lower = Math.max(0, a[0]) / b[1];
        double upper = b[0] > 0 ? Math.min(1, Math.max(0, a[1]) / b[0]) : 1;
        return new Interval(Math.max(0, Math.min(1, lower)), upper, name);
    }

    /** [mean − r, mean + r] of sums[u]/slots, each in [0, bound], with one-sided error δ per side. */
    static double[] bounds(double[] sums, int slots, double bound, double delta) {
        int n = sums.length;
        double mean = 0;
        for (double s : sums) mean += s / slots / bound;
        mean /= n;
        double ss = 0;
        for (double s : sums) {
            double d = s / slots / bound - mean;
            ss += d * d;
        }
        double variance = ss / (n - 1);
        double log = Math.log(2 / delta);
        double radius = Math.sqrt(2 * variance * log / n) + 7 * log / (3.0 * (n - 1));
        return new double[] {(mean - radius) * bound, (mean + radius) * bound};
    }
}
