package dev.eddy.bandits.ope;

import java.util.List;

/**
 * Self-normalised IPS: V̂ = Σ w_i r_i / Σ w_i. Slightly biased, but it stays within the reward range and has far
 * lower variance than IPS when weights are large; on the logging policy's own log (all w = 1) it is the observed
 * mean. NaN when every weight is 0 (the log never shows an action the target takes).
 */
public final class SelfNormalizedIps implements OffPolicyEstimator {

    @Override
    public String name() {
        return "snips";
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name(), EstimatorTerms.Form.SELF_NORMALIZED, samples);
        for (int i = 0; i < samples.size(); i++) {
            LoggedSample s = samples.get(i);
            double w = s.importanceWeight();
            b.add(i, 0, w * s.reward(), w, w);
        }
        return b.build();
    }
}
