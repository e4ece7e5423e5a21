package dev.eddy.bandits.ope;

import java.util.List;

/**
 * Doubly robust estimators: the direct method plus an importance-weighted correction of the model's error on the
 * logged action, V̂ = (1/n) Σ [ Σ_a π(a|x_i) q̂(x_i, a) + w'_i (r_i − q̂(x_i, a_i)) ], unbiased if either the
 * propensities or the model are right. The variants differ in w'_i and the normaliser of the correction:
 * <ul>
 *   <li>{@code dr}: w' = w, correction averaged over n;</li>
 *   <li>{@code sndr}: w' = w, correction Σ w (r − q̂) / Σ w (Kallus and Uehara; stays bounded when weights are
 *       large);</li>
 *   <li>{@code switch-dr}: w' = w if w ≤ τ, else 0, i.e. DM alone on samples with weight above τ (Wang, Agarwal,
 *       Dudík 2017);</li>
 *   <li>{@code dr-os}: w' = λw / (w² + λ), optimistic shrinkage (Su, Dimakopoulou, Krishnamurthy, Dudík 2020);
 *       λ → ∞ gives DR, λ = 0 gives DM.</li>
 * </ul>
 * Fit the model with {@link CrossFitting}: an in-sample model makes r − q̂ too small and pulls DR towards DM.
 */
public final class DoublyRobust implements OffPolicyEstimator {

    private interface Shrink {
        double apply(double w);
    }

    private final String name;
    private final RewardModel model;
    private final Shrink shrink;
    private final boolean selfNormalized;

    private DoublyRobust(String name, RewardModel model, Shrink shrink, boolean selfNormalized) {
        this.name = name;
        this.model = model;
        this.shrink = shrink;
        this.selfNormalized = selfNormalized;
    }

    public static DoublyRobust standard(RewardModel model) {
        return new DoublyRobust("dr", model, w -> w, false);
    }

    public static DoublyRobust selfNormalized(RewardModel model) {
        return new DoublyRobust("sndr", model, w -> w, true);
    }

    /** @param tau weights above τ drop the sample's correction (τ ≥ 0; ∞ is DR) */
    public static DoublyRobust switching(RewardModel model, double tau) {
        if (!(tau >= 0)) throw new IllegalArgumentException("switch threshold τ must be >= 0, was " + tau);
        return new DoublyRobust("switch-dr", model, w -> w <= tau ? w : 0, false);
    }

    /** @param lambda shrinkage λ ≥ 0 (∞ is DR, 0 is DM) */
    public static DoublyRobust optimisticShrinkage(RewardModel model, double lambda) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("shrinkage λ must be >= 0, was " + lambda);
        Shrink s = Double.isInfinite(lambda) ? w -> w : w -> w == 0 ? 0 : lambda * w / (w * w + lambda);
        return new DoublyRobust("dr-os", model, s, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name, EstimatorTerms.Form.GENERAL, samples)
                .withDirectPart();
        for (int i = 0; i < samples.size(); i++) {
            LoggedSample s = samples.get(i);
            double dm = DirectMethod.expectedUnderTarget(model, s);
            double w = shrink.apply(s.importanceWeight());
            double residual = w == 0 ? 0 : s.reward() - model.predict(s, s.loggedAction());
            b.add(i, dm, w * residual, selfNormalized ? w : 1, w);
        }
        return b.build();
    }
}
