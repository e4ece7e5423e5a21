package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One experiment as configured.
 *
 * @param start          first instant it is active (inclusive), or null for no lower bound
 * @param end            instant it stops being active (exclusive), or null for no upper bound
 * @param salt           hash salt; defaults to the id, so renaming the salt reshuffles users on purpose
 * @param defaultVariant served (inactive) while the experiment is not running or outside [start, end)
 */
public record Experiment(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) ExperimentStatus status,
        Instant start,
        Instant end,
        String salt,
        @JsonProperty(value = "default", required = true) String defaultVariant,
        @JsonProperty(required = true) List<Variant> variants) {

    public Experiment {
        salt = salt == null ? id : salt;
        // Unmodifiable but null-tolerant: the validator names null entries with their index.
        variants = variants == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(variants));
    }

    public Optional<Variant> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
