package dev.eddy.bandits.ope;

import java.util.List;

/**
 * Direct method: V̂ = (1/n) Σ_i Σ_a π(a|x_i) q̂(x_i, a). No weights, so low variance, but biased by whatever the
 * reward model gets wrong, and the log's support is never checked.
 */
public final class DirectMethod implements OffPolicyEstimator {

    private final RewardModel model;

    public DirectMethod(RewardModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "dm";
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name(), EstimatorTerms.Form.GENERAL, samples)
                .withDirectPart();
        for (int i = 0; i < samples.size(); i++) b.add(i, expectedUnderTarget(model, samples.get(i)), 0, 1, 1);
        return b.build();
    }

    /** Σ_a π(a|x) q̂(x, a), skipping actions the target never takes (their prediction may be costly). */
    static double expectedUnderTarget(RewardModel model, LoggedSample s) {
        double v = 0;
        for (int a = 0; a < s.actionCount(); a++) {
            double p = s.targetProbability(a);
            if (p > 0) v += p * model.predict(s, a);
        }
        return v;
    }
}
