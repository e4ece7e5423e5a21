package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.policy.EpsilonGreedyLinearQPolicy;
import dev.eddy.bandits.mdp.policy.LogBarrierFtrlPolicy;
import dev.eddy.bandits.mdp.policy.MagnitudeReducedExpWeightsPolicy;
import dev.eddy.bandits.mdp.policy.PerStepLinUcbPolicy;
import dev.eddy.bandits.eval.NamedFactories;
import dev.eddy.bandits.eval.PolicyParams;
import dev.eddy.bandits.eval.UnknownPolicyException;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.Simulator;
import dev.eddy.bandits.mdp.env.UniformSessionPolicy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session policies the MDP evaluation harness knows by name. {@link #standard()} is the one place where the
 * project's session learners are registered; tests build their own registry with {@link #empty()}.
 */
public final class SessionPolicies {

    private final NamedFactories<SessionPolicyFactory> factories = new NamedFactories<>("session policy");

    private SessionPolicies() {}

    /** A registry with nothing in it. */
    public static SessionPolicies empty() {
        return new SessionPolicies();
    }

    /**
     * The project's session policies, as {@code eddy mdp-eval} offers them: {@code ftrl-logbarrier} (Algorithm 1),
     * {@code ftrl-expweights-mr} (Algorithm 2; needs the caller's simulator and fails without one),
     * {@code epsilon-greedy-q}, {@code linucb-per-step} and {@code uniform}.
     */
    public static SessionPolicies standard() {
        SessionPolicies p = new SessionPolicies();
        p.register("uniform", (h, a, d, k, seed, params, sim) -> built("uniform", params, q -> new UniformSessionPolicy()));
        p.register("ftrl-logbarrier", (h, a, d, k, seed, params, sim) -> built("ftrl-logbarrier", params, q -> {
            LogBarrierFtrlPolicy.Config c = LogBarrierFtrlPolicy.Config.forHorizon(h, a, d, k);
            return new LogBarrierFtrlPolicy(new LogBarrierFtrlPolicy.Config(h, a, d, q.number("eta", c.eta()),
                    q.number("beta", c.beta()), q.number("gamma", c.gamma()),
                    q.text("bonus", String.valueOf(c.bonus())).equals("true"),
                    q.integer("batch", c.batch()), seed));
        }));
        p.register("ftrl-expweights-mr", (h, a, d, k, seed, params, sim) -> built("ftrl-expweights-mr", params, q -> {
            MagnitudeReducedExpWeightsPolicy.Config c = MagnitudeReducedExpWeightsPolicy.Config.forHorizon(h, a, d, k, seed);
            return new MagnitudeReducedExpWeightsPolicy(new MagnitudeReducedExpWeightsPolicy.Config(h, a, d,
                    q.number("eta", c.eta()), q.number("explore", c.explore()), q.number("beta", c.beta()), q.number("gamma", c.gamma()),
                    q.integer("batch", c.batch()),
                    q.integer("rollouts", c.rollouts()), q.integer("max-states", c.maxStates()), seed),
                    sim.orElseThrow(() -> new IllegalArgumentException(
                            "ftrl-expweights-mr needs the environment as a simulator; this caller has none")));
        }));
        p.register("epsilon-greedy-q", (h, a, d, k, seed, params, sim) -> built("epsilon-greedy-q", params, q ->
                new EpsilonGreedyLinearQPolicy(new EpsilonGreedyLinearQPolicy.Config(h, a, d,
                        q.number("epsilon", 0.1), q.number("ridge", 1.0)))));
        p.register("linucb-per-step", (h, a, d, k, seed, params, sim) -> built("linucb-per-step", params, q ->
                new PerStepLinUcbPolicy(d, q.number("ridge", 1.0), q.number("alpha", 1.0))));
        return p;
    }

    /** Builds with checked parameters: a {@code --param} key the policy never read fails instead of being ignored. */
    public static SessionPolicy built(String name, Map<String, String> params, Function<PolicyParams, SessionPolicy> make) {
        return NamedFactories.built(name, params, make);
    }

    /** Adds (or replaces) the factory for {@code name}; returns this registry. */
    public SessionPolicies register(String name, SessionPolicyFactory factory) {
        factories.register(name, factory);
        return this;
    }

    public boolean contains(String name) {
        return factories.contains(name);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return factories.names();
    }

    /** A new policy without a simulator; throws {@link UnknownPolicyException} naming the known policies. */
    public SessionPolicy create(String name, int horizon, int actions, int dimension, int episodes, long seed,
                                Map<String, String> params) {
        return create(name, horizon, actions, dimension, episodes, seed, params, Optional.empty());
    }

    /**
     * A new policy, given the environment as a {@code simulator} when there is one; throws
     * {@link UnknownPolicyException} naming the known policies when {@code name} is not one.
     */
    public SessionPolicy create(String name, int horizon, int actions, int dimension, int episodes, long seed,
                                Map<String, String> params, Optional<Simulator> simulator) {
        return factories.get(name).create(horizon, actions, dimension, episodes, seed,
                params == null ? Collections.emptyMap() : Map.copyOf(params), simulator);
    }
}
