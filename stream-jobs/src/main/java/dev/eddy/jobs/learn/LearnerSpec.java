package dev.eddy.jobs.learn;

import dev.eddy.bandits.eval.Policies;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A registered learner and its parameters, as configured: {@code LEARNER[:k=v,...]}, e.g. {@code neufastcb:lr=0.05}. */
public record LearnerSpec(String learner, Map<String, String> params) implements Serializable {

    public LearnerSpec {
        params = Map.copyOf(params);
    }

    /** Parses and checks {@code text} (a typo in the learner or a parameter fails here, not on a task). */
    public static LearnerSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon).trim();
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : t.substring(colon + 1).split(",")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + kv.trim() + "' in '" + t + "' is not KEY=VALUE");
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        Policies registered = Policies.standard();
        if (!registered.contains(name)) {
            throw new IllegalArgumentException("unknown learner '" + name + "' (known: " + registered.names() + ")");
        }
        if (name.equals("linucb") && !"shared".equals(params.get("mode"))) {
            // Disjoint LinUCB needs the disjoint block encoding; the job's joint features span the whole space.
            throw new IllegalArgumentException("linucb learns on the job's joint features only with mode=shared "
                    + "(write linucb:mode=shared)");
        }
        // Building one small instance checks the parameters with the learner's own rules.
        registered.create(name, 8, 2, 0, params);
        return new LearnerSpec(name, params);
    }
}
