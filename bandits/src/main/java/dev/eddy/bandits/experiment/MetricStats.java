package dev.eddy.bandits.experiment;

/**
 * Sufficient statistics of one per-user metric in one (experiment, variant, metric, segment) cell: everything the
 * analyses need, in sums that merge by addition, so that a streaming job can aggregate users in any order, across
 * partitions and windows, and hand the totals over.
 * <p>
 * Each user contributes a numerator y, a denominator x and a covariate c:
 * <ul>
 *   <li>a plain mean metric (conversion, revenue per user) has x = 1 for every user, and the metric is Σy/n;</li>
 *   <li>a ratio metric (clicks per exposure) has the user's own denominator, and the metric is Σy/Σx (its variance
 *       by the delta method, see {@link VariantEstimate#of});</li>
 *   <li>c is the user's pre-experiment value of a covariate for CUPED ({@link Cuped}), 0 when there is none.</li>
 * </ul>
 * Variances and covariances come from the raw sums (Σab − Σa·Σb/n)/(n − 1), as GrowthBook's gbstats computes them;
 * values far from 0 with little spread lose digits this way, which per-user metrics in an experiment do not reach.
 *
 * @param n     users
 * @param sumY  Σy
 * @param sumY2 Σy²
 * @param sumX  Σx (n for a mean metric)
 * @param sumX2 Σx²
 * @param sumXY Σxy
 * @param sumC  Σc
 * @param sumC2 Σc²
 * @param sumYC Σyc
 * @param sumXC Σxc
 */
public record MetricStats(long n, double sumY, double sumY2, double sumX, double sumX2, double sumXY,
                          double sumC, double sumC2, double sumYC, double sumXC) {

    /** No users. */
    public static final MetricStats EMPTY = new MetricStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public MetricStats {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, was " + n);
        double[] all = {sumY, sumY2, sumX, sumX2, sumXY, sumC, sumC2, sumYC, sumXC};
        for (double v : all) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("sums must be finite, got " + v);
        }
    }

    /** A mean metric (x = 1 per user) without a covariate. */
    public static MetricStats ofMean(long n, double sumY, double sumY2) {
        return new MetricStats(n, sumY, sumY2, n, n, sumY, 0, 0, 0, 0);
    }

    /** A conversion metric: {@code successes} of {@code n} users converted (y ∈ {0, 1}, so Σy² = Σy). */
    public static MetricStats ofProportion(long n, long successes) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes must be in [0, n], was " + successes + " of " + n);
        }
        return ofMean(n, successes, successes);
    }

    /** A mean metric with a CUPED covariate. */
    public static MetricStats ofMean(long n, double sumY, double sumY2, double sumC, double sumC2, double sumYC) {
        return new MetricStats(n, sumY, sumY2, n, n, sumY, sumC, sumC2, sumYC, sumC);
    }

    /** A ratio metric Σy/Σx without a covariate. */
    public static MetricStats ofRatio(long n, double sumY, double sumY2, double sumX, double sumX2, double sumXY) {
        return new MetricStats(n, sumY, sumY2, sumX, sumX2, sumXY, 0, 0, 0, 0);
    }

    /** These users and one more of a mean metric with value y (no covariate). */
    public MetricStats plusUser(double y) {
        return plusUser(y, 1, 0);
    }

    /** These users and one more with numerator y, denominator x (1 for a mean metric) and covariate c. */
    public MetricStats plusUser(double y, double x, double c) {
        return new MetricStats(n + 1, sumY + y, sumY2 + y * y, sumX + x, sumX2 + x * x, sumXY + x * y,
                sumC + c, sumC2 + c * c, sumYC + y * c, sumXC + x * c);
    }

    /** The statistics of both sets of users together. */
    public MetricStats plus(MetricStats o) {
        return new MetricStats(n + o.n, sumY + o.sumY, sumY2 + o.sumY2, sumX + o.sumX, sumX2 + o.sumX2,
                sumXY + o.sumXY, sumC + o.sumC, sumC2 + o.sumC2, sumYC + o.sumYC, sumXC + o.sumXC);
    }

    /** All cells merged, e.g. the segments of a variant, or the variants of an experiment. */
    public static MetricStats sum(Iterable<MetricStats> cells) {
        MetricStats total = EMPTY;
        for (MetricStats s : cells) total = total.plus(s);
        return total;
    }

    /** The metric: Σy/Σx (the mean of y for a mean metric); 0 when Σx = 0, as gbstats reports it. */
    public double ratio() {
        return sumX == 0 ? 0 : sumY / sumX;
    }

    public double meanY() {
        return n == 0 ? 0 : sumY / n;
    }

    public double meanX() {
        return n == 0 ? 0 : sumX / n;
    }

    public double meanC() {
        return n == 0 ? 0 : sumC / n;
    }

    /** Sample variance of y (n − 1 in the denominator); 0 below two users. */
    public double varianceY() {
        return covariance(sumY2, sumY, sumY);
    }

    public double varianceX() {
        return covariance(sumX2, sumX, sumX);
    }

    public double varianceC() {
        return covariance(sumC2, sumC, sumC);
    }

    public double covarianceXY() {
        return covariance(sumXY, sumX, sumY);
    }

    public double covarianceYC() {
        return covariance(sumYC, sumY, sumC);
    }

    public double covarianceXC() {
        return covariance(sumXC, sumX, sumC);
    }

    /**
     * Per-user variance of the ratio's linearisation (y − R·x)/x̄ (Deng, Knoblich, Lu 2018, "Applying the delta
     * method in metric analytics"): the ratio's variance is this over n. For a mean metric (x = 1) it is the
     * variance of y exactly (x̄ = 1, var x = cov(x, y) = 0 with no rounding, since the sums are computed as Σab −
     * (Σa/n)·Σb).
     */
    public double ratioUnitVariance() {
        double meanX = meanX();
        if (meanX == 0) return 0;
        double r = ratio();
        return (varianceY() - 2 * r * covarianceXY() + r * r * varianceX()) / (meanX * meanX);
    }

    /** Per-user covariance of the ratio's linearisation (y − R·x)/x̄ with the covariate c. */
    public double ratioCovarianceWithCovariate() {
        double meanX = meanX();
        if (meanX == 0) return 0;
        return (covarianceYC() - ratio() * covarianceXC()) / meanX;
    }

    private double covariance(double sumAB, double sumA, double sumB) {
        if (n < 2) return 0;
        return (sumAB - (sumA / n) * sumB) / (n - 1);
    }
}
