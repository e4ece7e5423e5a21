package dev.eddy.bandits.experiment;

/**
 * The mixture sequential probability ratio test of Johari, Pekelis, Walsh ("Always valid inference: continuous
 * monitoring of A/B tests", arXiv:1512.04922; Operations Research 2022) with a normal mixture: the likelihood ratio
 * of the effect estimate D ~ N(θ, V) against θ = 0, averaged over θ ~ N(0, τ²),
 * <pre>
 *   Λ = sqrt(V/(V + τ²)) · exp(τ² D² / (2V(V + τ²)))
 * </pre>
 * (for one stream of n observations of variance σ², V = σ²/n, this is their normal-mixture statistic
 * sqrt(σ²/(σ² + nτ²))·exp(n²τ²X̄²/(2σ²(σ² + nτ²)))). Under H0 Λ is a
 * nonnegative martingale with mean 1, so by Ville's inequality P(sup Λ ≥ 1/α) ≤ α: the p-value min(1, 1/Λ), made
 * monotone by a running minimum over looks, stays valid however often one looks. V is plugged in from the data,
 * which makes the guarantee asymptotic, as in the paper's A/B application.
 * <p>
 * τ is the spread of effects the test is tuned to find, in the effect's own units (a lift of 0.05 = 5 % for a
 * relative effect): power is best for effects of about that size.
 *
 * @param tau2 the mixing variance τ² (> 0)
 */
public record Msprt(double tau2) {

    public Msprt {
        if (!(tau2 > 0 && Double.isFinite(tau2))) throw new IllegalArgumentException("tau2 must be > 0, was " + tau2);
    }

    /** The test with mixing standard deviation τ. */
    public static Msprt withTau(double tau) {
        return new Msprt(tau * tau);
    }

    /**
     * The test of a difference tuned to lifts of about ±τ: mixing standard deviation τ·|baseline| in the metric's
     * units, with the baseline (the pooled mean of the two arms, say) plugged in at each look; null when the baseline
     * is 0 (nothing to scale by yet).
     */
    public static Msprt forLift(double tau, double baseline) {
        double scaled = tau * Math.abs(baseline);
        return scaled > 0 && Double.isFinite(scaled) ? withTau(scaled) : null;
    }

    /** ln Λ for this look; 0 when the effect is not defined. */
    public double logLikelihoodRatio(Effect effect) {
        if (!effect.defined()) return 0;
        double v = effect.variance();
        double d = effect.estimate();
        return 0.5 * Math.log(v / (v + tau2)) + tau2 * d * d / (2 * v * (v + tau2));
    }

    /** The look's p-value min(1, 1/Λ) (before the running minimum over looks). */
    public double pValue(Effect effect) {
        return Math.min(1, Math.exp(-logLikelihoodRatio(effect)));
    }
}
