package dev.eddy.bandits.experiment;

/**
 * One variant's estimate of a metric, with what the delta method needs to compare it with another's: the metric as
 * measured ({@code unadjustedMean}), the estimate used for effects ({@code mean}: the same, or CUPED's adjusted
 * mean), the variance of each as an estimator (already divided by n), and their covariance.
 *
 * @param n                    users
 * @param unadjustedMean       the metric Σy/Σx; the denominator of relative effects
 * @param mean                 the estimate effects are taken between: {@code unadjustedMean} without CUPED
 * @param varianceOfMean       Var(mean)
 * @param varianceOfUnadjusted Var(unadjustedMean)
 * @param covariance           Cov(mean, unadjustedMean)
 */
public record VariantEstimate(long n, double unadjustedMean, double mean, double varianceOfMean,
                              double varianceOfUnadjusted, double covariance) {

    /**
     * The metric without variance reduction: Σy/Σx with the delta-method variance of a ratio,
     * [var y − 2R cov(x, y) + R² var x]/(x̄² n) (for a mean metric: var y / n).
     */
    public static VariantEstimate of(MetricStats s) {
        double variance = s.n() == 0 ? 0 : s.ratioUnitVariance() / s.n();
        return new VariantEstimate(s.n(), s.ratio(), s.ratio(), variance, variance, variance);
    }

    /** Var(mean)·n: the per-user variance that Welch's degrees of freedom use. */
    public double unitVariance() {
        return varianceOfMean * n;
    }
}
