package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lifecycle of an experiment; only {@link #RUNNING} splits traffic, the others serve the default variant. */
public enum ExperimentStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("running") RUNNING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("stopped") STOPPED;

    /** The spelling used in the config file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String configNames() {
        return Arrays.stream(values()).map(ExperimentStatus::configName).collect(Collectors.joining(", "));
    }
}
