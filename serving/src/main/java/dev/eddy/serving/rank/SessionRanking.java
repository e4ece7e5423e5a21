package dev.eddy.serving.rank;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.model.SessionPolicyModel;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * An FTRL session policy's version (published by the learner job from whole sessions) ranking at the request's
 * step. The policy was learned for a fixed number of actions and a horizon, so requests must send exactly that
 * many candidates and a step below the horizon; anything else is the client's mistake and answered 400.
 */
public final class SessionRanking implements RankingPolicy {
    private final SessionPolicyModel model;
    private final int step;

    public SessionRanking(SessionPolicyModel model, Integer step) {
        this.model = model;
        this.step = step == null ? 0 : step;
    }

    @Override
    public String name() {
        return model.model();
    }

    @Override
    public Ranking rank(Map<String, Map<String, Double>> context, CandidateSet c, int k, SplittableRandom rng) {
        if (step >= model.spec().horizon()) {
            throw new InvalidRequestException("step", model.model() + " has horizon " + model.spec().horizon()
                    + ", so step must be < " + model.spec().horizon() + ", was " + step);
        }
        if (c.size() != model.spec().actions()) {
            throw new InvalidRequestException("candidates", model.model() + " ranks exactly " + model.spec().actions()
                    + " candidates, got " + c.size());
        }
        var r = model.rank(step, context == null ? Map.of() : context, c.candidates(), k, rng);
        return new Ranking(model.model(), model.version(), r.actions(), r.propensities(), c.mfScores(r.actions()),
                r.firstSlotDistribution());
    }
}
