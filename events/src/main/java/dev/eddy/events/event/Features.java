package dev.eddy.events.event;

import java.util.Map;

/**
 * Named sparse features grouped by namespace: {@code {"user": {"country=DE": 1.0, "age": 0.3}}}.
 * Categorical values are written into the name ("country=DE") with value 1, as Vowpal Wabbit does,
 * so that a new category needs no schema change. The type is a plain map so that it reads and writes
 * as plain JSON; this class only holds helpers.
 */
public final class Features {
    private Features() {}

    /** The empty feature set. */
    public static Map<String, Map<String, Double>> none() {
        return Map.of();
    }

    /** Counts the features over all namespaces. */
    public static int count(Map<String, Map<String, Double>> features) {
        if (features == null) return 0;
        int n = 0;
        for (Map<String, Double> ns : features.values()) n += ns == null ? 0 : ns.size();
        return n;
    }
}
