package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.Simulator;

import java.util.Map;
import java.util.Optional;

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
     * @param simulator the environment as a simulator when the caller has one; a policy that needs one should fail
     *                  with {@link IllegalArgumentException} when it is empty
     */
    SessionPolicy create(int horizon, int actions, int dimension, int episodes, long seed, Map<String, String> params,
                         Optional<Simulator> simulator);
}
