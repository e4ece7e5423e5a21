package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.ContextualBandit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policies the evaluation harness knows by name. {@link #standard()} is the one place where the project's
 * learners are registered; tests build their own registry with {@link #empty()} and {@link #register}.
 */
public final class Policies {

    private final Map<String, PolicyFactory> factories = new LinkedHashMap<>();

    private Policies() {}

    /** A registry with nothing in it. */
    public static Policies empty() {
        return new Policies();
    }

    /**
     * The project's learners, as the {@code eddy bandit-eval} command line offers them.
     *
     * <p>Register each learner here, under the name the issue and the reports use:
     * {@code neufastcb}, {@code neusquarecb}, {@code squarecb-linear}, {@code linucb}, {@code epsilon-greedy},
     * {@code uniform}. For example:
     * <pre>{@code
     * p.register("uniform", (dim, k, seed, params) -> new UniformRandom(...));
     * }</pre>
     * The learners live in {@code dev.eddy.bandits.neural} and {@code dev.eddy.bandits.baseline}; the harness was
     * written without them so that it can be tested on its own.
     */
    public static Policies standard() {
        Policies p = new Policies();
        // Register the learners here (see the Javadoc above).
        return p;
    }

    /** Adds (or replaces) the factory for {@code name}; returns this registry. */
    public Policies register(String name, PolicyFactory factory) {
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

    /** A new learner; throws {@link UnknownPolicyException} naming the known policies when {@code name} is not one. */
    public ContextualBandit create(String name, int dimension, int actions, long seed, Map<String, String> params) {
        PolicyFactory f = factories.get(name);
        if (f == null) throw new UnknownPolicyException(name, names());
        return f.create(dimension, actions, seed, params == null ? Collections.emptyMap() : Map.copyOf(params));
    }

    /** A policy name that nobody registered. */
    public static final class UnknownPolicyException extends IllegalArgumentException {
        private final List<String> known;

        public UnknownPolicyException(String name, List<String> known) {
            super("unknown policy '" + name + "'; known policies: "
                    + (known.isEmpty() ? "(none registered)" : String.join(", ", known)));
            this.known = List.copyOf(known);
        }

        public List<String> known() {
            return known;
        }
    }
}
