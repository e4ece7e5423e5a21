package dev.eddy.serving.rank;

import dev.eddy.serving.model.BanditPolicy;

import java.util.Map;
import java.util.SplittableRandom;

/** A contextual-bandit model's version ranking the candidates with their features (and the request's context). */
public final class BanditRanking implements RankingPolicy {
    private final BanditPolicy bandit;

    public BanditRanking(BanditPolicy bandit) {
        this.bandit = bandit;
    }

    @Override
    public String name() {
        return bandit.model();
    }

    @Override
    public Ranking rank(Map<String, Map<String, Double>> context, CandidateSet c, int k, SplittableRandom rng) {
        var round = bandit.round(context == null ? Map.of() : context, c.candidates());
        var r = bandit.rank(round, k, rng);
        return new Ranking(bandit.model(), bandit.version(), r.actions(), r.propensities(),
                slotScores(r, c), r.firstSlotDistribution());
    }

    /** The learner's score of each shown item where it gives one, else the item's MF score. */
    static double[] slotScores(dev.eddy.serving.model.Ranking r, CandidateSet c) {
        if (!r.hasScores()) return c.mfScores(r.actions());
        double[] out = new double[r.size()];
        for (int i = 0; i < out.length; i++) out[i] = r.scores()[r.actions()[i]];
        return out;
    }
}
