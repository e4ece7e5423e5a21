package dev.eddy.bandits.experiment;

/**
 * A normal prior on the effect, in the effect's units (a lift for relative effects), as in GrowthBook's
 * EffectBayesianABTest. An improper prior ({@code proper} false) is flat: the posterior is the likelihood.
 *
 * @param mean     prior mean of the effect
 * @param variance prior variance (> 0; ignored when not proper)
 * @param proper   whether the prior is used at all
 */
public record GaussianPrior(double mean, double variance, boolean proper) {

    /** The flat prior (GrowthBook's default). */
    public static final GaussianPrior FLAT = new GaussianPrior(0, 1, false);

    public GaussianPrior {
        if (!Double.isFinite(mean)) throw new IllegalArgumentException("prior mean must be finite, was " + mean);
        if (!(variance > 0 && Double.isFinite(variance))) {
            throw new IllegalArgumentException("prior variance must be > 0, was " + variance);
        }
    }

    /** A weakly informative prior N(0, sd²): e.g. sd = 0.3 says lifts beyond ±60 % are implausible. */
    public static GaussianPrior centred(double standardDeviation) {
        return new GaussianPrior(0, standardDeviation * standardDeviation, true);
    }
}
