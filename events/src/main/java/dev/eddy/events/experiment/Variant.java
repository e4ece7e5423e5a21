package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One arm of an experiment: its traffic weight (relative, need not sum to 100) and what serves it.
 *
 * @param policy      ranking policy name; serving validates it against its policy registry
 * @param model       retrieval/embedding model name the policy uses, or null
 * @param banditModel contextual-bandit model name (policies such as neucb), or null
 * @param params      policy parameters as strings, never null
 */
public record Variant(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) double weight,
        @JsonProperty(required = true) String policy,
        String model,
        String banditModel,
        Map<String, String> params) {

    public Variant {
        // Copied so that a loaded config cannot change under the assigner; nulls are left for the validator to name.
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
