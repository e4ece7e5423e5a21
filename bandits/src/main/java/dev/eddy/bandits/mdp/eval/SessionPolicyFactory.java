package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.SessionPolicy;

import java.util.Map;

/**
 * Builds a fresh session policy for one evaluation run. The harness calls it once per (environment, policy, seed),
 * so a factory must not share state between the policies it returns.
 */
@FunctionalInterface
public interface SessionPolicyFactory {

    /**
     * @param horizon   H, steps per episode
     * @param actions   A, actions per step
     * @param dimension d, the dimension of every φ(s, a)
     * @param episodes  K, the number of episodes of the run (schedules such as η ≈ K^-1/2 need it)
     * @param seed      the seed for the policy's own randomness
     * @param params    the policy's {@code --param} values ({@code k=v}), possibly empty; a factory should reject
     *                  keys it does not know (see {@link dev.eddy.bandits.eval.PolicyParams#requireAllRead})
     */
    SessionPolicy create(int horizon, int actions, int dimension, int episodes, long seed, Map<String, String> params);
}
