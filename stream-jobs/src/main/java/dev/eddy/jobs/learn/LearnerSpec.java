package dev.eddy.jobs.learn;

import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.mdp.eval.SessionPolicies;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registered learner (or session policy) and its parameters, as configured: {@code LEARNER[:k=v,...]}, e.g.
 * {@code neufastcb:lr=0.05} or {@code ftrl-logbarrier:batch=10}.
 */
public record LearnerSpec(String learner, Map<String, String> params) implements Serializable {

    public LearnerSpec {
        params = Map.copyOf(params);
    }

    /** Parses and checks a contextual-bandit learner (a typo in the name or a parameter fails here, not on a task). */
    public static LearnerSpec parse(String text) {
        LearnerSpec spec = split(text);
        Policies registered = Policies.standard();
        if (!registered.contains(spec.learner())) {
            throw new IllegalArgumentException("unknown learner '" + spec.learner() + "' (known: " + registered.names() + ")");
        }
        if (spec.learner().equals("linucb") && !"shared".equals(spec.params().get("mode"))) {
            // Disjoint LinUCB needs the disjoint block encoding; the job's joint features span the whole space.
            throw new IllegalArgumentException("linucb learns on the job's joint features only with mode=shared "
                    + "(write linucb:mode=shared)");
        }
        // Building one small instance checks the parameters with the learner's own rules.
        registered.create(spec.learner(), 8, 2, 0, spec.params());
        return spec;
    }

    /** Parses and checks a session policy ({@code SessionPolicies.standard()}) the same way. */
    public static LearnerSpec parseSession(String text) {
        LearnerSpec spec = split(text);
        SessionPolicies registered = SessionPolicies.standard();
        if (!registered.contains(spec.learner())) {
            throw new IllegalArgumentException("unknown session policy '" + spec.learner() + "' (known: "
                    + registered.names() + ")");
        }
        // Also refuses policies that need a simulator (ftrl-expweights-mr): the job has none.
        registered.create(spec.learner(), 2, 2, 4, 10, 0, spec.params());
        return spec;
    }

    private static LearnerSpec split(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon).trim();
        if (name.isEmpty()) throw new IllegalArgumentException("'" + t + "' names no learner");
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : t.substring(colon + 1).split(",")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + kv.trim() + "' in '" + t + "' is not KEY=VALUE");
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return new LearnerSpec(name, params);
    }
}
