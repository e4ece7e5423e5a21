package dev.eddy.bandits.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Factories by name, as the evaluation commands offer them: {@link Policies} (contextual bandits) and the session
 * policies of the MDP harness both keep theirs here.
 */
public final class NamedFactories<F> {

    private final String kind;
    private final Map<String, F> factories = new LinkedHashMap<>();

    /** @param kind what the names name, for messages ("policy", "session policy") */
    public NamedFactories(String kind) {
        this.kind = kind;
    }

    /** Adds (or replaces) the factory for {@code name}. */
    public void register(String name, F factory) {
        Objects.requireNonNull(factory, "factory");
        if (name == null || name.isBlank() || name.contains(".") || name.contains("=")) {
            // '.' and '=' would make "--param name.k=v" ambiguous.
            throw new IllegalArgumentException("a " + kind + " name must be non-blank without '.' or '=': '" + name + "'");
        }
        factories.put(name, factory);
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** The factory of {@code name}; throws {@link UnknownPolicyException} naming the known ones when there is none. */
    public F get(String name) {
        F f = factories.get(name);
        if (f == null) throw new UnknownPolicyException(kind, name, names());
        return f;
    }

    /** Builds with checked parameters: a {@code --param} key the factory never read fails instead of being ignored. */
    public static <T> T built(String name, Map<String, String> params, Function<PolicyParams, T> make) {
        PolicyParams q = new PolicyParams(name, params);
        T built = make.apply(q);
        q.requireAllRead();
        return built;
    }
}
