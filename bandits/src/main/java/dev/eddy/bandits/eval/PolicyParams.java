package dev.eddy.bandits.eval;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy's {@code --param} values, read with defaults; a key that no factory read is reported, so that a typo
 * fails instead of silently running with the default.
 */
public final class PolicyParams {
    private final String policy;
    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    public PolicyParams(String policy, Map<String, String> values) {
        this.policy = policy;
        this.values = values == null ? Map.of() : values;
    }

    public double number(String key, double defaultValue) {
        read.add(key);
        String v = values.get(key);
        if (v == null) return defaultValue;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(policy + "." + key + " = '" + v + "' is not a finite number");
        }
    }

    public int integer(String key, int defaultValue) {
        double d = number(key, defaultValue);
        if (d != Math.rint(d)) throw new IllegalArgumentException(policy + "." + key + " must be an integer, was " + d);
        return (int) d;
    }

    public String text(String key, String defaultValue) {
        read.add(key);
        return values.getOrDefault(key, defaultValue);
    }

    /** Fails naming the keys that were given but that the policy does not know. */
    public void requireAllRead() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) for " + policy + ": " + unknown + " (known: "
                    + new TreeSet<>(read) + ")");
        }
    }
}
