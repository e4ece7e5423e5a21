package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.mdp.policy.EpsilonGreedyLinearQPolicy;
import dev.eddy.bandits.mdp.policy.LogBarrierFtrlPolicy;
import dev.eddy.bandits.mdp.policy.PerStepLinUcbPolicy;

import dev.eddy.bandits.eval.PolicyParams;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.env.UniformSessionPolicy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The session policies the MDP evaluation harness knows by name. {@link #standard()} is the one place where the
 * project's session learners are registered; tests build their own registry with {@link #empty()}.
 */
public final class SessionPolicies {

    private final Map<String, SessionPolicyFactory> factories = new LinkedHashMap<>();

    private SessionPolicies() {}

    /** A registry with nothing in it. */
    public static SessionPolicies empty() {
        return new SessionPolicies();
    }

    /**
     * The project's session policies, as {@code eddy mdp-eval} offers them.
     *
     * <p>REGISTER THE SESSION LEARNERS HERE, under the names the issue and the reports use:
     * {@code ftrl-logbarrier} (Algorithm 1), {@code exp-weights} (Algorithm 2, magnitude-reduced, using the
     * environment as simulator), {@code epsilon-greedy-q} and {@code linucb-per-step}. For example:
     * <pre>{@code
     * p.register("ftrl-logbarrier", (h, a, d, k, seed, params) -> built("ftrl-logbarrier", params, q ->
     *         new LogBarrierFtrlPolicy(h, a, d, q.number("eta", 1 / Math.sqrt(k)), ...)));
     * }</pre>
     * They live in {@code dev.eddy.bandits.mdp.policy}; the harness was written without them so that it could be
     * built and tested at the same time.
     */
    public static SessionPolicies standard() {
        SessionPolicies p = new SessionPolicies();
        p.register("uniform", (h, a, d, k, seed, params) -> built("uniform", params, q -> new UniformSessionPolicy()));
        p.register("ftrl-logbarrier", (h, a, d, k, seed, params) -> built("ftrl-logbarrier", params, q -> {
            LogBarrierFtrlPolicy.Config c = LogBarrierFtrlPolicy.Config.forHorizon(h, a, d, k);
            return new LogBarrierFtrlPolicy(new LogBarrierFtrlPolicy.Config(h, a, d, q.number("eta", c.eta()),
                    q.number("beta", c.beta()), q.number("gamma", c.gamma()),
                    q.text("bonus", String.valueOf(c.bonus())).equals("true"),
                    q.integer("refresh-every", c.refreshEvery()), seed));
        }));
        p.register("epsilon-greedy-q", (h, a, d, k, seed, params) -> built("epsilon-greedy-q", params, q ->
                new EpsilonGreedyLinearQPolicy(new EpsilonGreedyLinearQPolicy.Config(h, a, d,
                        q.number("epsilon", 0.1), q.number("ridge", 1.0)))));
        p.register("linucb-per-step", (h, a, d, k, seed, params) -> built("linucb-per-step", params, q ->
                new PerStepLinUcbPolicy(d, q.number("ridge", 1.0), q.number("alpha", 1.0))));
        // The magnitude-reduced exponential weights (Algorithm 2, "exp-weights") needs the environment as a
        // simulator; it is not built yet.
        return p;
    }

    /** Builds with checked parameters: a {@code --param} key the policy never read fails instead of being ignored. */
    public static SessionPolicy built(String name, Map<String, String> params, Function<PolicyParams, SessionPolicy> make) {
        PolicyParams q = new PolicyParams(name, params);
        SessionPolicy policy = make.apply(q);
        q.requireAllRead();
        return policy;
    }

    /** Adds (or replaces) the factory for {@code name}; returns this registry. */
    public SessionPolicies register(String name, SessionPolicyFactory factory) {
        Objects.requireNonNull(factory, "factory");
        if (name == null || name.isBlank() || name.contains(".") || name.contains("=")) {
            // '.' and '=' would make "--param name.k=v" ambiguous.
            throw new IllegalArgumentException("a policy name must be non-blank without '.' or '=': '" + name + "'");
        }
        factories.put(name, factory);
        return this;
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** A new policy; throws {@link UnknownPolicyException} naming the known policies when {@code name} is not one. */
    public SessionPolicy create(String name, int horizon, int actions, int dimension, int episodes, long seed,
                                Map<String, String> params) {
        SessionPolicyFactory f = factories.get(name);
        if (f == null) throw new UnknownPolicyException(name, names());
        return f.create(horizon, actions, dimension, episodes, seed,
                params == null ? Collections.emptyMap() : Map.copyOf(params));
    }

    /** A policy name that nobody registered. */
    public static final class UnknownPolicyException extends IllegalArgumentException {
        private final List<String> known;

        public UnknownPolicyException(String name, List<String> known) {
            super("unknown session policy '" + name + "'; known policies: "
                    + (known.isEmpty() ? "(none registered)" : String.join(", ", known)));
            this.known = List.copyOf(known);
        }

        public List<String> known() {
            return known;
        }
    }
}
