package dev.eddy.bandits.experiment;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Fixed-horizon inference: Welch's t (or the normal when the effect says so) for an effect looked at once, at a
 * sample size fixed in advance. Looked at repeatedly, its p-value crosses α far more often than α (`eddy ab-sim`
 * measures how much); use {@link AsymptoticConfidenceSequence} or {@link Msprt} for that.
 */
public final class FixedHorizon {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private FixedHorizon() {
    }

    /** Two-sided p-value of H0: effect = 0, 2·P(T > |D/se|); 1 when the effect is not defined. */
    public static double pValue(Effect effect) {
        if (!effect.defined()) return 1;
        double t = Math.abs(effect.estimate() / effect.standardError());
        return Math.min(1, 2 * reference(effect).survivalProbability(t));
    }

    /** The 1 − α interval D ± q·se with q the reference's 1 − α/2 quantile; {@link Interval#ALL} when undefined. */
    public static Interval interval(Effect effect, double alpha) {
        checkAlpha(alpha);
        if (!effect.defined()) return Interval.ALL;
        double q = reference(effect).inverseSurvivalProbability(alpha / 2);
        return Interval.around(effect.estimate(), q * effect.standardError());
    }

    private static ContinuousDistribution reference(Effect effect) {
        double dof = effect.degreesOfFreedom();
        return Double.isFinite(dof) && dof > 0 ? TDistribution.of(dof) : STANDARD_NORMAL;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
}
