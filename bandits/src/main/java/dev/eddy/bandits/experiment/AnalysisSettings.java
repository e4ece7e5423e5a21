package dev.eddy.bandits.experiment;

/**
 * How {@link MetricAnalysis} reads an experiment.
 *
 * @param alpha            the error level of every interval and test (two-sided)
 * @param sequentialTuning N* of the asymptotic confidence sequence: the sample size (both arms) where it is
 *                         tightest ({@link AsymptoticConfidenceSequence})
 * @param msprtTau         the mSPRT's mixing standard deviation τ, as a lift (0.05 = effects of about ±5 %): the
 *                         test runs on the difference with τ·|pooled metric of the two arms|, plugged in at each
 *                         look ({@link Msprt#forLift})
 * @param prior            the prior on the relative effect for the Bayesian read-out
 * @param cuped            whether to adjust by the covariate ({@link Cuped})
 */
public record AnalysisSettings(double alpha, double sequentialTuning, double msprtTau, GaussianPrior prior,
                               boolean cuped) {

    public AnalysisSettings {
        FixedHorizon.checkAlpha(alpha);
        if (!(sequentialTuning > 0)) throw new IllegalArgumentException("sequentialTuning must be > 0, was " + sequentialTuning);
        if (!(msprtTau > 0 && Double.isFinite(msprtTau))) throw new IllegalArgumentException("msprtTau must be > 0, was " + msprtTau);
        if (prior == null) throw new IllegalArgumentException("prior must not be null");
    }

    /** α = 0.05, N* = 5000 (GrowthBook's default), τ = 0.05, flat prior, no CUPED. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(0.05, AsymptoticConfidenceSequence.DEFAULT_TUNING, 0.05, GaussianPrior.FLAT, false);
    }

    public AnalysisSettings withCuped(boolean on) {
        return new AnalysisSettings(alpha, sequentialTuning, msprtTau, prior, on);
    }

    public AnalysisSettings withAlpha(double a) {
        return new AnalysisSettings(a, sequentialTuning, msprtTau, prior, cuped);
    }

    public AnalysisSettings withSequentialTuning(double tuning) {
        return new AnalysisSettings(alpha, tuning, msprtTau, prior, cuped);
    }

    public AnalysisSettings withMsprtTau(double tau) {
        return new AnalysisSettings(alpha, sequentialTuning, tau, prior, cuped);
    }

    public AnalysisSettings withPrior(GaussianPrior p) {
        return new AnalysisSettings(alpha, sequentialTuning, msprtTau, p, cuped);
    }
}
