package dev.eddy.bandits.ope;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Keeps an interval honest when the estimate rests on a handful of events. A percentile bootstrap of 227 kept
 * decisions without a click is [0, 0]: every resample is all zeros, although 0 clicks in 227 is compatible with a
 * click rate of 1.6 %. When fewer than {@link #MIN_EVENTS} of the weighted samples were rewarded (or, for rewards
 * near 1, unrewarded), the interval is widened to cover a bound that holds at every sample size:
 * <ul>
 *   <li>Clopper–Pearson (the exact binomial interval) when the rewards are 0/1 and every applied weight is 0 or 1 —
 *       replay's kept decisions (over the kept ones), or IPS of a target that agrees with a deterministic logger
 *       (over all) — on logs of single decisions;</li>
 *   <li>otherwise, for importance-weighted means and SNIPS with rewards in [0, 1], {@link EmpiricalBernstein} with
 *       the largest applied weight as the bound.</li>
 * </ul>
 * The result is the hull of the inner interval and that bound, and its method name says which bound was used.
 * Model-based estimators (DM, the DR family) have no known range, so they keep their interval; reports flag them.
 */
final class FewEventsGuard implements IntervalMethod {
    /** Below this many rewarded (or unrewarded) weighted samples the inner interval is not trusted alone. */
    static final int MIN_EVENTS = 10;

    private final IntervalMethod inner;
    private final double level;

    FewEventsGuard(IntervalMethod inner, double level) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        this.inner = inner;
        this.level = level;
    }

    @Override
    public Interval interval(EstimatorTerms t) {
        Interval base = inner.interval(t);
        if (t.form() == EstimatorTerms.Form.GENERAL || !t.rewardsInUnitInterval()) return base;
        if (Math.min(t.rewardedSamples(), t.unrewardedSamples()) >= MIN_EVENTS) return base;
        Interval exact;
        if (t.binaryRewards() && t.zeroOneWeights() && t.units() == t.samples()) {
            // Replay (self-normalised) is the click rate of the kept decisions; a weighted mean divides by all.
            long trials = t.form() == EstimatorTerms.Form.SELF_NORMALIZED
                    ? t.rewardedSamples() + t.unrewardedSamples() : t.samples();
            exact = clopperPearson(t.rewardedSamples(), trials, level);
        } else {
            try {
                exact = new EmpiricalBernstein(level, Double.NaN).interval(t);
            } catch (IllegalArgumentException unequalSlates) {
                return base;
            }
        }
        if (Double.isNaN(exact.lower())) {
            // Too few samples for any bound (one decision): all that is known is the estimator's range.
            double top = t.form() == EstimatorTerms.Form.SELF_NORMALIZED ? 1 : Math.max(1, t.maxImportanceWeight());
            exact = new Interval(0, top, "the estimator's range");
        }
        double lower = Double.isNaN(base.lower()) ? exact.lower() : Math.min(base.lower(), exact.lower());
        double upper = Double.isNaN(base.upper()) ? exact.upper() : Math.max(base.upper(), exact.upper());
        return new Interval(lower, upper, base.method() + " widened by " + exact.method() + " (fewer than "
                + MIN_EVENTS + " events)");
    }

    /** The exact two-sided binomial interval for {@code successes} in {@code n} trials. */
    static Interval clopperPearson(long successes, long n, double level) {
        String name = "clopper-pearson(" + level + ")";
        if (n == 0) return new Interval(Double.NaN, Double.NaN, name);
        double alpha = 1 - level;
        double lower = successes == 0 ? 0
                : BetaDistribution.of(successes, n - successes + 1).inverseCumulativeProbability(alpha / 2);
        double upper = successes == n ? 1
                : BetaDistribution.of(successes + 1, n - successes).inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(lower, upper, name);
    }
}
