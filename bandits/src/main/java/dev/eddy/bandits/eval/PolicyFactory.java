package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.ContextualBandit;

import java.util.Map;

/**
 * Builds a fresh learner for one evaluation run. The harness calls it once per (policy, seed), so a factory must
 * not share state between the learners it returns.
 */
@FunctionalInterface
public interface PolicyFactory {

    /**
     * @param dimension the joint feature dimension of every action vector
     * @param actions   the number of actions of every round
     * @param seed      the seed for the learner's own randomness (initialisation, perturbations)
     * @param params    the policy's parameters as given on the command line ({@code k=v}), possibly empty; a
     *                  factory should reject keys it does not know, so that typos do not go unnoticed
     */
    ContextualBandit create(int dimension, int actions, long seed, Map<String, String> params);
}
