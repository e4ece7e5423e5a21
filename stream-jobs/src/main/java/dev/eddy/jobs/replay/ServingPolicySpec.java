package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.SlatePolicies;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A policy serving runs, as a replay's {@code serving:NAME[:k=v,...]} spec names it: {@code mf-topk} and
 * {@code epsilon-greedy} ({@code epsilon}, default {@value SlatePolicies#DEFAULT_EPSILON} as serving's) rank by the MF
 * scores of the embedding model {@code model}; {@code neucb} (alias {@code bandit}) ranks with the
 * contextual-bandit model {@code model} and {@code ftrl-session} with the session-policy model {@code model};
 * {@code uniform} needs none. The model's newest version on the models topic is used, or {@code version=N}.
 *
 * @param policy  the serving policy name
 * @param model   the model it ranks with; null for uniform
 * @param version the model version; null for the newest
 * @param params  the policy's own parameters (epsilon)
 */
public record ServingPolicySpec(String policy, String model, Long version, Map<String, String> params)
        implements Serializable {
    private static final Set<String> KEYS = Set.of("model", "version", "epsilon");

    public ServingPolicySpec {
        params = Map.copyOf(params);
    }

    /** Whether a model version must be read for it. */
    public boolean needsModel() {
        return model != null;
    }

    /** Whether the model is an embedding model (else a learned policy). */
    public boolean ranksByScores() {
        return SlatePolicies.needsScores(policy);
    }

    /** The spec after {@code serving:} in {@code text}. */
    static ServingPolicySpec parse(String text, String rest) {
        int colon = rest.indexOf(':');
        String name = (colon < 0 ? rest : rest.substring(0, colon)).trim();
        if (!SlatePolicies.NAMES.contains(name)) {
            throw new IllegalArgumentException("'" + text + "': serving runs " + SlatePolicies.NAMES + ", not '" + name + "'");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : rest.substring(colon + 1).split(",")) {
                if (pair.isBlank()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + pair + "' in '" + text + "' is not KEY=VALUE");
                String key = pair.substring(0, eq).trim();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("'" + text + "': unknown key '" + key + "'; known: model, version, epsilon");
                }
                kv.put(key, pair.substring(eq + 1).trim());
            }
        }
        String model = kv.remove("model");
        String version = kv.remove("version");
        if (SlatePolicies.UNIFORM.equals(name)) {
            if (model != null || version != null) throw new IllegalArgumentException("'" + text + "': uniform ranks without a model");
        } else if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no model: serving:" + name + ":model=NAME");
        }
        if (kv.containsKey("epsilon")) {
            if (!SlatePolicies.EPSILON_GREEDY.equals(name)) {
                throw new IllegalArgumentException("'" + text + "': only epsilon-greedy takes an epsilon");
            }
            try {
                SlatePolicies.epsilon(kv, SlatePolicies.DEFAULT_EPSILON);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
            }
        }
        return new ServingPolicySpec(name, model, version == null ? null : version(text, version), kv);
    }

    private static long version(String text, String v) {
        try {
            long n = Long.parseLong(v);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "': version must be a model version >= 1, was '" + v + "'");
    }
}
