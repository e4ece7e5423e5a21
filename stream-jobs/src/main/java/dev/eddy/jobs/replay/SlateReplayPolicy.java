package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.bandits.slate.SlateRequest;
import dev.eddy.events.event.Decision;
import dev.eddy.events.model.EmbeddingScorer;

import java.util.SplittableRandom;

/**
 * A bandits {@link SlatePolicy} in a replay: each logged decision becomes the request serving would have ranked (its
 * context, candidates and session step, and the candidates' MF scores for the decision's user from {@code scores}
 * when the policy ranks by them), ranked into as many slots as the decision showed. A policy that learns does so
 * from the logged first slot, with the logged propensity and the reward clipped to [0, 1], except on
 * {@code skipLearn} decisions. For one lane (one thread).
 */
public final class SlateReplayPolicy implements ReplayPolicy {
    private final String name;
    private final SlatePolicy policy;
    private final EmbeddingScorer scores;
    private ReplayEvent lastEvent;
    private SlateRequest lastRequest;

    /**
     * @param name   the name in reports (the spec as given)
     * @param scores the embedding version that scores the candidates; null when the policy needs no MF scores
     */
    public SlateReplayPolicy(String name, SlatePolicy policy, EmbeddingScorer scores) {
        this.name = name;
        this.policy = policy;
        this.scores = scores;
    }

    @Override
    public String name() {
        return name;
    }

    public SlatePolicy policy() {
        return policy;
    }

    @Override
    public boolean learns() {
        return policy.learns();
    }

    /** The request the event's decision describes (one per event: deciding and learning share it). */
    public SlateRequest request(ReplayEvent event) {
        if (event != lastEvent) {
            Decision d = event.decision();
            double[] mf = scores == null ? null : scores.scores(d.userId(), d.candidates());
            lastRequest = new SlateRequest(d.context(), d.candidates(), mf, d.step());
            lastEvent = event;
        }
        return lastRequest;
    }

    /** Slots of the replayed slate: as many as the decision showed (serving's k), at least one. */
    static int slots(ReplayEvent event) {
        return Math.min(Math.max(1, event.decision().chosen().size()), event.actions());
    }

    /** The slate the policy ranks for the event's decision, drawing with {@code rng}. */
    public Slate slate(ReplayEvent event, SplittableRandom rng) {
        return policy.rank(request(event), slots(event), rng);
    }

    @Override
    public Slate decide(ReplayEvent event, SplittableRandom rng) {
        return slate(event, rng);
    }

    @Override
    public void learn(ReplayEvent event) {
        if (!policy.learns() || event.decision().skipLearn()) return;
        // The learners' contract is rewards in [0, 1]; logs with costs or larger rewards are clipped to it.
        double reward = Math.max(0, Math.min(1, event.reward()));
        policy.learn(request(event), event.loggedAction(), event.propensity(), reward);
    }
}
