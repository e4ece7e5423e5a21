package dev.eddy.bandits.ope;

import java.util.List;

/**
 * Inverse propensity scoring: V̂ = (1/n) Σ w_i r_i with w_i = π(a_i|x_i)/μ(a_i|x_i). Unbiased when the logging
 * policy gives every action the target may take a positive probability; its variance grows with the weights.
 * For position-based logs with per-position probabilities this is exactly IIPS (see {@link SlateIps}).
 */
public final class Ips implements OffPolicyEstimator {

    @Override
    public String name() {
        return "ips";
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name(), EstimatorTerms.Form.WEIGHTED_MEAN, samples);
        for (int i = 0; i < samples.size(); i++) {
            LoggedSample s = samples.get(i);
            double w = s.importanceWeight();
            b.add(i, 0, w * s.reward(), 1, w);
        }
        return b.build();
    }
}
