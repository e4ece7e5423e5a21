package dev.eddy.recsys.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The loss of one (user, positive, negative) triple. */
public enum LossKind {
    /** Pairwise: softplus(s(u,neg) − s(u,pos)). */
    BPR,
    /** Pointwise binary cross-entropy: softplus(−s(u,pos)) + softplus(s(u,neg)). */
    BCE;

    public static LossKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown loss '" + name + "'; known losses: "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
