package dev.eddy.bandits.core;

import java.util.SplittableRandom;

/**
 * A contextual-bandit learner: it chooses an action in each round and learns from the reward of the action it
 * (or another logging policy) chose. Rewards are in [0, 1] (higher is better); learners that work with losses use
 * {@code 1 - reward}. Implementations are single-threaded and allocation-free in {@link #choose} and
 * {@link #learn} once warm.
 */
public interface ContextualBandit {

    /** A short name for reports, e.g. "neufastcb". */
    String name();

    /** Draws an action for {@code round} using {@code rng}, and says with which probability. */
    Choice choose(BanditRound round, SplittableRandom rng);

    /**
     * Learns from one observed outcome: in {@code round}, action {@code action} was taken with probability
     * {@code probability} (by this policy or a logging policy) and got {@code reward} in [0, 1].
     */
    void learn(BanditRound round, int action, double probability, double reward);

    /** Everything the learner knows, versioned, so that {@link #restore} gives back the same predictions. */
    byte[] snapshot();

    /** Replaces this learner's state with a snapshot of a learner of the same kind and configuration. */
    void restore(byte[] snapshot);
}
