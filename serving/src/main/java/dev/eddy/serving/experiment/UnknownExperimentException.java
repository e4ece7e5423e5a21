package dev.eddy.serving.experiment;

import java.util.List;

/** A request named an experiment id that the current config does not have (a client error, not a server one). */
public final class UnknownExperimentException extends RuntimeException {

    private final String experimentId;
    private final List<String> knownIds;

    public UnknownExperimentException(String experimentId, List<String> knownIds) {
        super("unknown experiment '" + experimentId + "'; known: "
                + (knownIds.isEmpty() ? "(none)" : String.join(", ", knownIds)));
        this.experimentId = experimentId;
        this.knownIds = List.copyOf(knownIds);
    }

    public String experimentId() {
        return experimentId;
    }

    public List<String> knownIds() {
        return knownIds;
    }
}
