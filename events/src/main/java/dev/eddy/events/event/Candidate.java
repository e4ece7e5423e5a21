package dev.eddy.events.event;

import java.util.Map;

/** One action a policy could choose: an item id and its features (namespace → name → value). */
public record Candidate(String id, Map<String, Map<String, Double>> features) {
    public Candidate {
        features = features == null ? Map.of() : features;
    }

    public static Candidate of(String id) {
        return new Candidate(id, Map.of());
    }
}
