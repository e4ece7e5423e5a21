package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What a metric measures, per user (the randomization unit). Each user contributes a numerator y and a denominator
 * x; the metric of a variant is Σy / Σx over its users, which for the per-user kinds (x = 1) is the mean per user.
 */
public enum MetricType {
    /** Σ reward / Σ joined decisions: the mean reward of the user's exposures (a ratio of the users' sums). */
    @JsonProperty("reward-rate") REWARD_RATE(true),
    /** Σ reward of the user's exposures: the mean per user. */
    @JsonProperty("reward-per-user") REWARD_PER_USER(false),
    /** Interactions of one {@code interaction} type by the user from the first exposure on, per user. */
    @JsonProperty("interaction-count") INTERACTION_COUNT(false),
    /** Σ value of the user's interactions of one {@code interaction} type from the first exposure on, per user. */
    @JsonProperty("interaction-value") INTERACTION_VALUE(false),
    /** Σ numerator / Σ denominator of two per-user metrics of the same experiment, named by {@code numerator} and {@code denominator}. */
    @JsonProperty("ratio") RATIO(true),
    /** Σ serving latency (ms) / Σ decisions that carry one: the mean latency of the user's exposures. */
    @JsonProperty("latency") LATENCY(true);

    private final boolean ratio;

    MetricType(boolean ratio) {
        this.ratio = ratio;
    }

    /** True when the metric is a ratio of per-user sums (its own denominator per user), false for a mean per user. */
    public boolean isRatio() {
        return ratio;
    }

    /** Lower latency is better; more of anything else is. */
    public Direction defaultDirection() {
        return this == LATENCY ? Direction.LOWER : Direction.HIGHER;
    }

    /** The spelling used in the config file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Which way a metric should move for a variant to be better. */
    public enum Direction {
        @JsonProperty("higher") HIGHER,
        @JsonProperty("lower") LOWER;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
