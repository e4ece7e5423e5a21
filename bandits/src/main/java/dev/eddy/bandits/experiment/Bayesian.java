package dev.eddy.bandits.experiment;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Bayesian read-out GrowthBook ships (gbstats' EffectBayesianABTest): the effect estimate is taken as normal
 * with its standard error, D ~ N(δ, se²), and combined with a normal prior on δ; the posterior is normal, so
 * everything is closed form:
 * <ul>
 *   <li>posterior precision 1/se² + 1/v₀ (the prior term only when proper), mean (D/se² + m₀/v₀)/precision;</li>
 *   <li>chance to beat control Φ(μ/σ);</li>
 *   <li>risk (expected loss) of each choice, E[max(δ, 0)] = μΦ(μ/σ) + σφ(μ/σ) for keeping control and
 *       E[max(−δ, 0)] = −μΦ(−μ/σ) + σφ(μ/σ) for shipping the treatment (the truncated-normal means gbstats
 *       computes, in closed form).</li>
 * </ul>
 * A read-out can be looked at any time, but a rule such as "ship when the chance to win passes 95 %" is not an
 * error-controlling test: under no effect it fires more often the more one looks (`eddy ab-sim` measures it).
 */
public final class Bayesian {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Bayesian() {
    }

    /** The posterior read-out with a central 1 − α credible interval. */
    public static BayesianResult readout(Effect effect, GaussianPrior prior, double alpha) {
        FixedHorizon.checkAlpha(alpha);
        Posterior p = posterior(effect, prior);
        if (p == null) {
            // Neither data nor prior says anything: an even chance and no loss either way (gbstats' default output).
            return new BayesianResult(0.5, Double.NaN, Double.NaN, Interval.ALL, 0, 0);
        }
        double z = p.mean / p.sd;
        double q = STANDARD_NORMAL.inverseSurvivalProbability(alpha / 2);
        double density = p.sd * STANDARD_NORMAL.density(z);
        double riskControl = p.mean * STANDARD_NORMAL.cumulativeProbability(z) + density;
        double riskTreatment = -p.mean * STANDARD_NORMAL.survivalProbability(z) + density;
        return new BayesianResult(STANDARD_NORMAL.cumulativeProbability(z), p.mean, p.sd,
                Interval.around(p.mean, q * p.sd), Math.max(0, riskControl), Math.max(0, riskTreatment));
    }

    /** P(effect > 0) alone: Φ(μ/σ) of the posterior (0.5 when nothing is known). */
    public static double chanceToWin(Effect effect, GaussianPrior prior) {
        Posterior p = posterior(effect, prior);
        return p == null ? 0.5 : STANDARD_NORMAL.cumulativeProbability(p.mean / p.sd);
    }

    /** The normal posterior of the effect, or null when neither the data nor the prior inform it. */
    private static Posterior posterior(Effect effect, GaussianPrior prior) {
        double precision = 0;
        double weighted = 0;
        if (effect.defined()) {
            precision += 1 / effect.variance();
            weighted += effect.estimate() / effect.variance();
        }
        if (prior.proper()) {
            precision += 1 / prior.variance();
            weighted += prior.mean() / prior.variance();
        }
        return precision == 0 ? null : new Posterior(weighted / precision, Math.sqrt(1 / precision));
    }

    private record Posterior(double mean, double sd) {
    }
}
