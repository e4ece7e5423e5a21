package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.events.features.HashingConfig;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A registered contextual-bandit learner on the hashed joint features of each decision. Learning: it learns from
 * each logged outcome after deciding on it (progressive validation), with the logged propensity, and not from
 * decisions marked {@code skipLearn}. Fixed: restored from a snapshot, it only decides.
 * The learner is built on the first event, with that event's number of actions (per-action learners such as
 * disjoint LinUCB need every decision to have as many).
 */
final class LearnerReplayPolicy extends NamedReplayPolicy {
    private final String learner;
    private final Map<String, String> params;
    private final HashingConfig hashing;
    private final long seed;
    private final byte[] restoreFrom;
    private final JointEncoder encoder;
    private ContextualBandit bandit;
    private int actions;
    private BanditRound lastRound;
    private ReplayEvent lastEvent;

    private LearnerReplayPolicy(String name, String learner, Map<String, String> params, HashingConfig hashing,
                                long seed, boolean learns, byte[] restoreFrom, int actions) {
        super(name, learns);
        this.learner = learner;
        this.params = Map.copyOf(params);
        this.hashing = hashing;
        this.seed = seed;
        this.restoreFrom = restoreFrom;
        this.actions = actions;
        this.encoder = new JointEncoder(hashing);
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
    public Choice decide(ReplayEvent event, SplittableRandom rng) {
        BanditRound round = round(event);
        return bandit(event.actions()).choose(round, rng);
    }

    @Override
    public void learn(ReplayEvent event) {
        if (!learns() || event.decision().skipLearn()) return;
        // The learners' contract is rewards in [0, 1]; logs with costs or larger rewards are clipped to it.
        double reward = Math.max(0, Math.min(1, event.reward()));
        bandit(event.actions()).learn(round(event), event.loggedAction(), event.propensity(), reward);
    }

    @Override
    public PolicySnapshot snapshot() {
        return bandit == null ? null : new PolicySnapshot(learner, params, hashing, actions, seed, bandit.snapshot());
    }

    /** decide and learn on the same event share one encoding. */
    private BanditRound round(ReplayEvent event) {
        if (event != lastEvent) {
            lastRound = encoder.encode(event.decision());
            lastEvent = event;
        }
        return lastRound;
    }

    private ContextualBandit bandit(int n) {
        if (bandit == null) {
            if (actions == 0) actions = n;
            bandit = Policies.standard().create(learner, encoder.dimension(), actions, seed, params);
            if (restoreFrom != null) bandit.restore(restoreFrom);
        }
        return bandit;
    }
}
