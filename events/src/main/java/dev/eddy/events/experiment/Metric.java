package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * One metric of an experiment, as the experiments job computes it per user and per variant (see {@link MetricType}).
 *
 * @param name        how results name it; unique within the experiment
 * @param type        what it measures
 * @param interaction the interaction type counted ({@code interaction-count}) or summed ({@code interaction-value}),
 *                    e.g. {@code purchase}; only for those two types
 * @param numerator   {@code ratio} only: the name of the per-user metric summed above the line
 * @param denominator {@code ratio} only: the name of the per-user metric summed below the line
 * @param direction   which way is better: {@code higher} (the default) or {@code lower} (the default for latency)
 * @param guardrail   optional: a relative change of the metric against the control, in the bad direction, beyond
 *                    which a variant is flagged (0.10: a latency 10 % above the control's, or a reward 10 % below it)
 */
// Serializable: the experiments job ships its compiled experiments to its tasks.
public record Metric(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) MetricType type,
        String interaction,
        String numerator,
        String denominator,
        MetricType.Direction direction,
        Double guardrail) implements Serializable {

    /** The metric an experiment that names none gets: its reward rate. */
    public static final Metric DEFAULT = new Metric("reward-rate", MetricType.REWARD_RATE, null, null, null, null, null);

    public Metric {
        // A missing type is left for the validator to name.
        direction = direction == null && type != null ? type.defaultDirection() : direction;
    }

    public boolean isGuardrail() {
        return guardrail != null;
    }
}
