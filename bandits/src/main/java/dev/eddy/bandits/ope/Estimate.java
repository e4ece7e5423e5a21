package dev.eddy.bandits.ope;

/**
 * An off-policy estimate of a target policy's value with its interval and the diagnostics that say whether to trust
 * it.
 *
 * @param estimator           the estimator's {@link OffPolicyEstimator#name()}, e.g. {@code "snips"}
 * @param value               the estimate: the target's expected reward per sample (per slot for slate logs);
 *                            NaN when no sample carries weight (e.g. replay accepted nothing)
 * @param lower               lower end of the interval (NaN when the interval could not be formed)
 * @param upper               upper end of the interval
 * @param intervalMethod      how the interval was formed, e.g. {@code "bootstrap-percentile(1000,0.95)"}
 * @param effectiveSampleSize (Σw)²/Σw² over the weights the estimator applied; n when it applies none (DM)
 * @param maxImportanceWeight the largest weight it applied (1 for DM)
 * @param n                   number of samples (slots) the estimate used
 */
public record Estimate(String estimator, double value, double lower, double upper, String intervalMethod,
                       double effectiveSampleSize, double maxImportanceWeight, long n) {

    public boolean covers(double truth) {
        return lower <= truth && truth <= upper;
    }

    /** |value − truth| / |truth|. */
    public double relativeError(double truth) {
        return Math.abs(value - truth) / Math.abs(truth);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s=%.5g [%.5g,%.5g] (%s, ess=%.1f, maxw=%.3g, n=%d)",
                estimator, value, lower, upper, intervalMethod, effectiveSampleSize, maxImportanceWeight, n);
    }
}
