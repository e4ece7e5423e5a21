package dev.eddy.bandits.experiment;

/**
 * A treatment variant against control at one look.
 * <p>
 * The p-values test H0: the treatment's metric equals control's — one hypothesis whatever the scale, so one set of
 * p-values, computed on the difference: a lift's delta-method standard error is unreliable with few conversions
 * (`eddy ab-sim` with a look at every user drove the always-valid tests on the lift to ≈ 40 % false positives at
 * α = 0.05, and to 3.5 % on the difference).
 *
 * @param variant          the variant's index in the analysed list (control is 0)
 * @param n                its users
 * @param mean             its metric (CUPED-adjusted when the analysis uses CUPED)
 * @param pValue           fixed-horizon two-sided Welch p-value: valid only if this is the one planned look
 * @param sequentialPValue the confidence sequence's always-valid p-value, running minimum over the looks since the
 *                         absolute effect's estimate last left its interval ({@link MetricAnalysis}); below α
 *                         exactly when the absolute sequence has excluded 0
 * @param msprtPValue      the mSPRT's always-valid p-value, running minimum over the same looks
 * @param absolute         the difference against control, with its intervals
 * @param relative         the lift against control, with its intervals
 * @param bayesian         the Bayesian read-out of the lift
 */
public record VariantResult(int variant, long n, double mean, double pValue, double sequentialPValue,
                            double msprtPValue, EffectResult absolute, EffectResult relative,
                            BayesianResult bayesian) {
}
