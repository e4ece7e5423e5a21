package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.slate.BanditSlates;
import dev.eddy.bandits.slate.Lender;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.features.HashingConfig;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A registered contextual-bandit learner on the hashed joint features of each decision, ranking through bandits'
 * {@link BanditSlates} (as serving ranks a published learner). Learning: it learns from each logged outcome after
 * deciding on it (progressive validation), with the logged propensity, and not from decisions marked
 * {@code skipLearn}. Fixed: restored from a snapshot, it only decides. The learner is built on the first event, with
 * that event's number of actions (per-action learners such as disjoint LinUCB need every decision to have as many).
 */
final class LearnerReplayPolicy extends NamedReplayPolicy {
    private final String learner;
    private final Map<String, String> params;
    private final HashingConfig hashing;
    private final long seed;
    private final byte[] restoreFrom;
    private int actions;
    private ContextualBandit bandit;
    private SlateReplayPolicy slates;

    private LearnerReplayPolicy(String name, String learner, Map<String, String> params, HashingConfig hashing,
                                long seed, boolean learns, byte[] restoreFrom, int actions) {
        super(name, learns);
        this.learner = learner;
        this.params = Map.copyOf(params);
        this.hashing = hashing;
        this.seed = seed;
        this.restoreFrom = restoreFrom;
        this.actions = actions;
    }

    static LearnerReplayPolicy learning(String name, String learner, Map<String, String> params,
                                        HashingConfig hashing, long seed) {
        return new LearnerReplayPolicy(name, learner, params, hashing, seed, true, null, 0);
    }

    static LearnerReplayPolicy fixed(String name, PolicySnapshot s) {
        return new LearnerReplayPolicy(name, s.learner(), s.params(), s.hashing(), s.seed(), false, s.state(),
                s.actions());
    }

    @Override
    public Slate decide(ReplayEvent event, SplittableRandom rng) {
        return slates(event.actions()).decide(event, rng);
    }

    @Override
    public void learn(ReplayEvent event) {
        if (learns()) slates(event.actions()).learn(event);
    }

    @Override
    public PolicySnapshot snapshot() {
        return bandit == null ? null : new PolicySnapshot(learner, params, hashing, actions, seed, bandit.snapshot());
    }

    private SlateReplayPolicy slates(int n) {
        if (slates == null) {
            if (actions == 0) actions = n;
            JointEncoder encoder = new JointEncoder(hashing);
            bandit = Policies.standard().create(learner, encoder.dimension(), actions, seed, params);
            if (restoreFrom != null) bandit.restore(restoreFrom);
            BanditSlates policy = learns() ? BanditSlates.learning(bandit, encoder)
                    : BanditSlates.fixed(learner, null, Lender.sole(bandit), Lender.sole(encoder));
            slates = new SlateReplayPolicy(name(), policy, null);
        }
        return slates;
    }
}
