package dev.eddy.serving;

import dev.eddy.events.experiment.Variant;

import java.util.Map;

/**
 * How one request is answered: the ranking policy, the embedding model that retrieves and scores candidates, and
 * the contextual-bandit model of bandit policies. Requests outside experiments get the configured default.
 */
public record VariantPlan(String policy, String model, String banditModel, Map<String, String> params) {
    public VariantPlan {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static VariantPlan of(Variant v, String defaultModel) {
        return new VariantPlan(v.policy(), v.model() == null ? defaultModel : v.model(), v.banditModel(), v.params());
    }
}
