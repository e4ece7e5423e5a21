package dev.eddy.events.features;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link FeatureHasher} maps named features to indices.
 *
 * @param bits    the dimension is {@code 2^bits}, 1..30 (VW's {@code -b}; VW's default is 18)
 * @param seed    seed of the namespace hashes (VW's {@code --hash_seed}); a different seed gives an independent
 *                hashing of the same features
 * @param signed  multiply each hashed value by ±1 taken from a hash bit that is not part of the index, so that
 *                colliding features cancel in expectation instead of adding up (Weinberger et al. 2009)
 * @param crosses quadratic interactions between namespaces (VW's {@code -q}, with whole namespace names), or the one
 *                cross {@code *:*}: every pair of namespaces of an example (VW's {@code -q ::})
 * @param bias    add a constant feature with value 1 at a fixed index (VW's constant feature)
 */
public record HashingConfig(int bits, int seed, boolean signed, List<Cross> crosses, boolean bias) {

    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 30;
    public static final int DEFAULT_BITS = 18;

    public HashingConfig {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("hashing.bits must be in " + MIN_BITS + ".." + MAX_BITS
                    + ", was " + bits);
        }
        if (crosses == null) crosses = List.of();
        Set<Cross> seen = new HashSet<>();
        for (int i = 0; i < crosses.size(); i++) {
            Cross c = crosses.get(i);
            if (c == null) throw new IllegalArgumentException("hashing.crosses[" + i + "] must not be null");
            // The same cross twice would silently double every cross feature's weight in the learner's eyes.
            if (!seen.add(c)) {
                throw new IllegalArgumentException("hashing.crosses[" + i + "] repeats " + c.left() + ":" + c.right());
            }
        }
        // Named crosses next to *:* would count their pairs twice.
        if (crosses.size() > 1 && seen.contains(Cross.ALL_PAIRS)) {
            throw new IllegalArgumentException("hashing.crosses: *:* already crosses every pair of namespaces; "
                    + "give it alone");
        }
        crosses = List.copyOf(crosses);
    }

    /** 2^18 dimensions, seed 0, unsigned, no crosses, with the bias feature: what VW does without options. */
    public static HashingConfig defaults() {
        return new HashingConfig(DEFAULT_BITS, 0, false, List.of(), true);
    }

    public static HashingConfig ofBits(int bits) {
        return defaults().withBits(bits);
    }

    public int dimension() {
        return 1 << bits;
    }

    public HashingConfig withBits(int bits) {
        return new HashingConfig(bits, seed, signed, crosses, bias);
    }

    public HashingConfig withSeed(int seed) {
        return new HashingConfig(bits, seed, signed, crosses, bias);
    }

    public HashingConfig withSigned(boolean signed) {
        return new HashingConfig(bits, seed, signed, crosses, bias);
    }

    public HashingConfig withBias(boolean bias) {
        return new HashingConfig(bits, seed, signed, crosses, bias);
    }

    public HashingConfig withCrosses(List<Cross> crosses) {
        return new HashingConfig(bits, seed, signed, crosses, bias);
    }

    /** Adds crosses given as {@code "left:right"} pairs, e.g. {@code "user:item"}. */
    public HashingConfig withCrosses(String... pairs) {
        List<Cross> all = new ArrayList<>(crosses);
        for (String p : pairs) all.add(Cross.parse(p));
        return withCrosses(all);
    }

    /**
     * A quadratic interaction: every feature of namespace {@code left} times every feature of namespace
     * {@code right}. The hash combination is not symmetric, so {@code user:item} and {@code item:user} give
     * different indices; name each pair once. A namespace crossed with itself pairs each two features once.
     * {@link #ALL_PAIRS} ({@code *:*}) crosses every pair of the example's namespaces: each unordered pair once, the
     * namespace first in {@link String#compareTo} order on the left, and each namespace with itself.
     */
    public record Cross(String left, String right) {
        /** Every pair of the example's namespaces, each unordered pair once and each namespace with itself. */
        public static final Cross ALL_PAIRS = new Cross(Cross.ANY, Cross.ANY);
        static final String ANY = "*";

        public Cross {
            boolean allPairs = ANY.equals(left) && ANY.equals(right);
            if (!allPairs) {
                left = checkName(left, "left");
                right = checkName(right, "right");
            }
        }

        public boolean allPairs() {
            return ANY.equals(left) && ANY.equals(right);
        }

        /** Parses {@code "left:right"}; namespace names must not contain ':'. */
        public static Cross parse(String pair) {
            int colon = pair == null ? -1 : pair.indexOf(':');
            if (colon < 0 || pair.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("hashing.crosses entry must be \"left:right\", was \"" + pair + "\"");
            }
            return new Cross(pair.substring(0, colon), pair.substring(colon + 1));
        }

        private static String checkName(String name, String field) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("hashing.crosses." + field + " must name a namespace, was "
                        + (name == null ? "null" : "\"\""));
            }
            // A literal "*" would look like VW's wildcard yet match only a namespace called "*".
            if (name.equals(ANY)) {
                throw new IllegalArgumentException("hashing.crosses." + field
                        + " \"*\": the only wildcard is *:* (all pairs); otherwise name the namespace");
            }
            return name;
        }
    }
}
