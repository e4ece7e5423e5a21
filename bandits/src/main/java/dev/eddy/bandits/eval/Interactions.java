package dev.eddy.bandits.eval;

import dev.eddy.events.features.HashingConfig;

import java.util.List;
import java.util.Optional;

/**
 * Feature interactions of the supervised-to-bandit conversion, as VW's {@code -q ::} (all pairs) adds them: every
 * product of two columns (each unordered pair once, and each column's square), hashed together with the columns
 * into {@code 2^bits} coordinates by {@link dev.eddy.events.features.FeatureHasher}. A data set's columns are one
 * namespace, {@link #NAMESPACE}, so all pairs of namespaces is that namespace crossed with itself.
 *
 * @param allPairs whether to add the crosses
 * @param bits     hashed coordinates per action block, 2^bits (ignored without crosses)
 */
public record Interactions(boolean allPairs, int bits) {
    /** The namespace of a data set's columns. */
    public static final String NAMESPACE = "x";
    public static final int DEFAULT_BITS = 12;

    public Interactions {
        if (allPairs && (bits < HashingConfig.MIN_BITS || bits > 24)) {
            throw new IllegalArgumentException("interaction bits must be in " + HashingConfig.MIN_BITS + "..24, was "
                    + bits);
        }
    }

    public static Interactions none() {
        return new Interactions(false, DEFAULT_BITS);
    }

    public static Interactions allPairs(int bits) {
        return new Interactions(true, bits);
    }

    /** Parses a command line's {@code none} or {@code all-pairs}. */
    public static Interactions parse(String text, int bits) {
        return switch (text) {
            case "none" -> none();
            case "all-pairs" -> allPairs(bits);
            default -> throw new IllegalArgumentException("interactions must be none or all-pairs, was '" + text + "'");
        };
    }

    /** The hashing of the columns with their crosses (no bias: each action block has its own constant), if any. */
    Optional<HashingConfig> hashing() {
        if (!allPairs) return Optional.empty();
        return Optional.of(new HashingConfig(bits, 0, false, List.of(new HashingConfig.Cross(NAMESPACE, NAMESPACE)),
                false));
    }
}
