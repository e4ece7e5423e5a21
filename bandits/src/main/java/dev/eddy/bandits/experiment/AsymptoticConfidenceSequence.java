package dev.eddy.bandits.experiment;

/**
 * The asymptotic confidence sequence of Waudby-Smith, Arnold, Wu, Howard, Ramdas ("Time-uniform central limit
 * theory and asymptotic confidence sequences", arXiv:2103.06476v7, 2023), in the two-sided
 * normal-mixture form GrowthBook ships: an interval that covers the effect at every look at once with probability
 * ≥ 1 − α asymptotically, so an experiment may be watched continuously and stopped when the interval leaves 0.
 * <p>
 * With n the users in both arms and σ̂² = se²·n the per-user variance of the effect's estimator, the half-width is
 * σ̂·sqrt(2(nρ² + 1)/(n²ρ²) · ln(sqrt(nρ² + 1)/α)) (the paper's eq. 9 / Theorem 2.2). ρ tunes where the sequence is
 * tightest: ρ = sqrt((−2 ln α + ln(−2 ln α + 1))/N*) makes it tightest near n = N* (the paper's eq. 161),
 * N* = {@code tuning}, GrowthBook's "sequentialTuningParameter", 5000 by default.
 * <p>
 * Its p-value is the reciprocal of the mixture e-value, min(1, sqrt(nρ² + 1)·exp(−ρ²·n·D²/se² / (2(nρ² + 1)))),
 * dual to the interval: p < α exactly when the interval excludes 0. That is an mSPRT ({@link Msprt}) whose mixing
 * variance τ² = ρ²σ̂² follows the data's scale.
 *
 * @param alpha  the error level, in (0, 1)
 * @param tuning N*, the sample size (both arms) at which the interval is tightest
 */
public record AsymptoticConfidenceSequence(double alpha, double tuning) {

    /** GrowthBook's default "sequentialTuningParameter". */
    public static final double DEFAULT_TUNING = 5000;

    public AsymptoticConfidenceSequence {
        FixedHorizon.checkAlpha(alpha);
        if (!(tuning > 0 && Double.isFinite(tuning))) throw new IllegalArgumentException("tuning must be > 0, was " + tuning);
    }

    /** ρ = sqrt((−2 ln α + ln(−2 ln α + 1))/N*). */
    public double rho() {
        double l = -2 * Math.log(alpha);
        return Math.sqrt((l + Math.log(l + 1)) / tuning);
    }

    /** The half-width at this look; +∞ when the effect is not defined. */
    public double halfWidth(Effect effect) {
        if (!effect.defined()) return Double.POSITIVE_INFINITY;
        double n = effect.sampleSize();
        double rho2 = rho() * rho();
        double nr2 = n * rho2;
        return effect.standardError() * Math.sqrt(2 * (nr2 + 1) / nr2 * Math.log(Math.sqrt(nr2 + 1) / alpha));
    }

    public Interval interval(Effect effect) {
        if (!effect.defined()) return Interval.ALL;
        return Interval.around(effect.estimate(), halfWidth(effect));
    }

    /** The look's always-valid p-value of H0: effect = 0 (before taking the running minimum over looks). */
    public double pValue(Effect effect) {
        if (!effect.defined()) return 1;
        double n = effect.sampleSize();
        double rho2 = rho() * rho();
        double nr2 = n * rho2;
        double z = effect.estimate() / effect.standardError();
        double logE = rho2 * n * z * z / (2 * (nr2 + 1)) - 0.5 * Math.log(nr2 + 1);
        return Math.min(1, Math.exp(-logE));
    }
}
