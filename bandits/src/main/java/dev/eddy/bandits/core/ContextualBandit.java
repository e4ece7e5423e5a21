package dev.eddy.bandits.core;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateDraw;

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
     * Draws {@code k} distinct actions for {@code round} as a slate, each slot with its probability given the slots
     * above. This default takes slot 1 from {@link #choose} and the rest from its distribution renormalised over
     * the actions not yet placed ({@link SlateDraw}); the slate carries that distribution and no scores. Learners
     * with a slate of their own (NeuCB) override it.
     *
     * @throws IllegalArgumentException if k is not in 1..actions
     */
    default Slate chooseSlate(BanditRound round, int k, SplittableRandom rng) {
        if (k < 1 || k > round.size()) throw new IllegalArgumentException("slate size must be in 1.." + round.size());
        return SlateDraw.afterFirst(choose(round, rng), k, rng);
    }

    /**
     * Learns from one observed outcome: in {@code round}, action {@code action} was taken with probability
     * {@code probability} (by this policy or a logging policy) and got {@code reward} in [0, 1].
     */
    void learn(BanditRound round, int action, double probability, double reward);

    /**
     * Learns from one observed outcome that stands for {@code weight} > 0 records, e.g. 1/(1 − pdrop) for a log
     * sub-sampled with drop probability pdrop. Learners that support it scale their update as Vowpal Wabbit does with
     * an importance weight: the gradient step (and an adaptive learner's squared-gradient sum) by {@code weight}, or
     * the sufficient statistics of a least-squares learner by {@code weight}, so that weight 2 is (exactly, or to
     * first order for gradient learners) the same example learned twice, and weight 1 is {@link #learn} itself.
     *
     * <p>Fallback for a learner without its own weighted update: it learns the example once, ignoring the weight
     * (so weighted data count as unweighted). {@link #honoursWeight} says which applies.
     */
    default void learn(BanditRound round, int action, double probability, double reward, double weight) {
        checkWeight(weight);
        learn(round, action, probability, reward);
    }

    /** Whether {@link #learn(BanditRound, int, double, double, double)} applies the weight (false: the fallback). */
    default boolean honoursWeight() {
        return false;
    }

    /** Refuses a weight that is not finite and > 0. */
    static void checkWeight(double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("importance weight must be finite and > 0, was " + weight);
        }
    }

    /** Everything the learner knows, versioned, so that {@link #restore} gives back the same predictions. */
    byte[] snapshot();

    /** Replaces this learner's state with a snapshot of a learner of the same kind and configuration. */
    void restore(byte[] snapshot);
}
