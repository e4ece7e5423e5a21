package dev.eddy.bandits.ope;

import java.util.List;

/**
 * Estimates the value of a target policy (its expected reward per sample) from samples logged by another policy.
 * The target policy enters through each sample's {@link LoggedSample#targetProbabilities()}; model-based estimators
 * hold their {@link RewardModel} (fit it with {@link CrossFitting} so no sample's prediction saw the sample).
 * Implementations are stateless and thread-safe once built.
 */
public interface OffPolicyEstimator {

    /** Short, stable name used in reports and on the command line, e.g. {@code "snips"}, {@code "switch-dr"}. */
    String name();

    /** The per-slate terms that every interval method and the trace work from. */
    EstimatorTerms terms(List<LoggedSample> samples);

    default Estimate estimate(List<LoggedSample> samples, IntervalMethod interval) {
        return terms(samples).toEstimate(interval);
    }

    /** With the default percentile bootstrap (1,000 resamples, 95 %, seed 0). */
    default Estimate estimate(List<LoggedSample> samples) {
        return estimate(samples, IntervalMethod.bootstrap());
    }
}
