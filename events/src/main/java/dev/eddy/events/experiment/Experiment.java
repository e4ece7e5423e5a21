package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One experiment as configured: how serving splits its traffic, and what the experiments job measures.
 *
 * @param start          first instant it is active (inclusive), or null for no lower bound
 * @param end            instant it stops being active (exclusive), or null for no upper bound
 * @param salt           hash salt; defaults to the id, so renaming the salt reshuffles users on purpose
 * @param defaultVariant served (inactive) while the experiment is not running or outside [start, end)
 * @param control        the variant every other is compared with; defaults to {@code defaultVariant}
 * @param metrics        what the experiments job measures per user; defaults to one {@link Metric#DEFAULT reward-rate}
 * @param segments       user or context features whose values split the results too, as {@code namespace:feature}
 *                       (e.g. {@code user:country}: segments {@code country=DE}, {@code country=FR}, ... from the
 *                       decisions' context features); none by default
 */
public record Experiment(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) ExperimentStatus status,
        Instant start,
        Instant end,
        String salt,
        @JsonProperty(value = "default", required = true) String defaultVariant,
        @JsonProperty(required = true) List<Variant> variants,
        String control,
        List<Metric> metrics,
        List<String> segments) {

    public Experiment {
        salt = salt == null ? id : salt;
        control = control == null ? defaultVariant : control;
        // Unmodifiable but null-tolerant: the validator names null entries with their index.
        variants = variants == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(variants));
        metrics = metrics == null ? List.of(Metric.DEFAULT) : Collections.unmodifiableList(new ArrayList<>(metrics));
        segments = segments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(segments));
    }

    /** An experiment with the default control (its default variant), metric (reward-rate) and no segments. */
    public Experiment(String id, ExperimentStatus status, Instant start, Instant end, String salt, String defaultVariant,
                      List<Variant> variants) {
        this(id, status, start, end, salt, defaultVariant, variants, null, null, null);
    }

    public Optional<Variant> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m != null && m.name().equals(name)).findFirst();
    }
}
