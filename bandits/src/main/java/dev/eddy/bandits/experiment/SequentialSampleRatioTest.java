package dev.eddy.bandits.experiment;

import org.apache.commons.numbers.gamma.LogGamma;

import java.util.Arrays;

/**
 * Sample-ratio mismatch checked at every look: the Dirichlet-multinomial Bayes factor of Lindon and Malek
 * ("Anytime-valid inference for multinomial count data", NeurIPS 2022), the form gbstats' ssrm module implements.
 * <p>
 * Under H0 users land in the variants with the configured probabilities p; under H1 the probabilities are drawn from
 * a Dirichlet(α) prior with α = concentration·p. For cumulative counts x (n users),
 * <pre>
 *   ln BF = ln Γ(Σα) − ln Γ(Σα + n) + Σ [ln Γ(α_i + x_i) − ln Γ(α_i)] − Σ x_i ln p_i
 * </pre>
 * The multinomial coefficients cancel and the posterior updates telescope, so the Bayes factor of a stream of
 * batches depends on the cumulative counts alone: a look needs only the totals. BF is a nonnegative martingale
 * with mean 1 under H0, so p = min over looks of min(1, 1/BF) is an anytime-valid p-value; a mismatch is reported
 * when p < {@link SampleRatio#ALERT_LEVEL}.
 * <p>
 * Immutable: {@link #update} returns the state after the next look.
 */
public final class SequentialSampleRatioTest {

    /** gbstats' default concentration of the Dirichlet prior: tight around p, tuned for deviations of ≈ 1 %. */
    public static final double DEFAULT_CONCENTRATION = 10_000;

    private final double[] probabilities;
    private final double concentration;
    private final double logBayesFactor;
    private final double pValue;

    private SequentialSampleRatioTest(double[] probabilities, double concentration, double logBayesFactor,
                                      double pValue) {
        this.probabilities = probabilities;
        this.concentration = concentration;
        this.logBayesFactor = logBayesFactor;
        this.pValue = pValue;
    }

    /** A test of the configured weights (normalised; variants of weight 0 take no users and are left out). */
    public static SequentialSampleRatioTest start(double[] weights) {
        return start(weights, DEFAULT_CONCENTRATION);
    }

    public static SequentialSampleRatioTest start(double[] weights, double concentration) {
        SampleRatio.checkShapes(new long[weights.length], weights);
        if (!(concentration > 0 && Double.isFinite(concentration))) {
            throw new IllegalArgumentException("concentration must be > 0, was " + concentration);
        }
        double total = Arrays.stream(weights).sum();
        if (!(total > 0)) throw new IllegalArgumentException("weights must not all be 0");
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) p[i] = weights[i] / total;
        return new SequentialSampleRatioTest(p, concentration, 0, 1);
    }

    /** The state after a look at the cumulative user counts per variant. */
    public SequentialSampleRatioTest update(long[] cumulativeCounts) {
        double lbf = logBayesFactor(cumulativeCounts, probabilities, concentration);
        return new SequentialSampleRatioTest(probabilities, concentration, lbf,
                Math.min(pValue, Math.min(1, Math.exp(-lbf))));
    }

    /**
     * ln BF of H1 (Dirichlet(concentration·p)) against H0 (multinomial p) for cumulative counts, with
     * {@code probabilities} summing to 1; variants with p = 0 are left out (their counts must be 0 under either
     * model). gbstats' optional "slab" mixture component (slab_weight, 0 by default in its sequential_p_values)
     * is not offered.
     */
    public static double logBayesFactor(long[] counts, double[] probabilities, double concentration) {
        SampleRatio.checkShapes(counts, probabilities);
        double sumAlpha = 0;
        long n = 0;
        double lbf = 0;
        for (int i = 0; i < counts.length; i++) {
            double p = probabilities[i];
            if (p <= 0) continue;
            double alpha = concentration * p;
            sumAlpha += alpha;
            n += counts[i];
            lbf += LogGamma.value(alpha + counts[i]) - LogGamma.value(alpha) - counts[i] * Math.log(p);
        }
        return lbf + LogGamma.value(sumAlpha) - LogGamma.value(sumAlpha + n);
    }

    /** The running anytime-valid p-value. */
    public double pValue() {
        return pValue;
    }

    /** ln BF at the last look. */
    public double logBayesFactor() {
        return logBayesFactor;
    }

    /** Whether the mismatch is significant: p < {@link SampleRatio#ALERT_LEVEL}. */
    public boolean alert() {
        return pValue < SampleRatio.ALERT_LEVEL;
    }

    public double concentration() {
        return concentration;
    }

    /** The normalised probabilities under H0. */
    public double[] probabilities() {
        return probabilities.clone();
    }
}
