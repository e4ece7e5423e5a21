package dev.eddy.bandits.experiment;

/**
 * A Bayesian read-out of one effect under a normal posterior N(μ, σ²).
 *
 * @param chanceToWin       P(effect > 0): the probability that the treatment beats control (for a metric where
 *                          lower is better, read 1 − this)
 * @param expected          μ, the posterior mean of the effect
 * @param standardDeviation σ
 * @param credible          the central 1 − α credible interval
 * @param riskControl       E[max(effect, 0)]: the expected loss of keeping control (what shipping the treatment
 *                          would have gained)
 * @param riskTreatment     E[max(−effect, 0)]: the expected loss of shipping the treatment
 */
public record BayesianResult(double chanceToWin, double expected, double standardDeviation, Interval credible,
                             double riskControl, double riskTreatment) {
}
