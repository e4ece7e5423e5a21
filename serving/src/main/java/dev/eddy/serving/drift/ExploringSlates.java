package dev.eddy.serving.drift;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateDraw;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.bandits.slate.SlateRequest;

import java.util.SplittableRandom;

/**
 * How one request of a model in alarm is ranked ({@link RewardRateGuard}): slot 1 holds the model's own pick (the
 * most probable candidate of its slot-1 distribution) with probability {@code modelShare}, else one of the other
 * candidates, each with (1 − modelShare)/(n − 1); the lower slots are drawn from the same distribution without
 * replacement. Every propensity is the exact probability of the draw, so the learner and a replay can use the
 * decision like any other. The policy keeps the model's name and version: the learner files the decision under the
 * model (by variant, else by policy name), and the logged distribution shows that it was explored.
 *
 * <p>One instance per request: it remembers the pick of its one {@link #rank}.
 */
public final class ExploringSlates implements SlatePolicy {
    private final SlatePolicy model;
    private final double modelShare;
    private int pick = -1;

    public ExploringSlates(SlatePolicy model, double modelShare) {
        if (!(modelShare > 0 && modelShare < 1)) throw new IllegalArgumentException("modelShare must be in (0, 1)");
        this.model = model;
        this.modelShare = modelShare;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public Long modelVersion() {
        return model.modelVersion();
    }

    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        SlatePolicy.checkK(k, r.size());
        int n = r.size();
        pick = mostProbable(model.rank(r, 1, rng).firstSlotDistribution(n));
        double[] distribution = new double[n];
        if (n == 1) {
            distribution[0] = 1;
        } else {
            java.util.Arrays.fill(distribution, (1 - modelShare) / (n - 1));
            distribution[pick] = modelShare;
        }
        int[] actions = new int[k];
        double[] propensities = new double[k];
        SlateDraw.fill(distribution.clone(), actions, propensities, 0, rng);
        return new Slate(actions, propensities, r.mfScores(actions), distribution);
    }

    /** Whether slot 1 of {@code slate}, this policy's answer, holds the model's own pick. */
    public boolean showedModelPick(Slate slate) {
        if (pick < 0) throw new IllegalStateException("rank was not called");
        return slate.actions()[0] == pick;
    }

    private static int mostProbable(double[] p) {
        int best = 0;
        for (int a = 1; a < p.length; a++) if (p[a] > p[best]) best = a;
        return best;
    }
}
