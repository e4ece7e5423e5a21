package dev.eddy.recsys.train;

import dev.eddy.recsys.EnumOptions;

/** The loss of one (user, positive, negative) triple. */
public enum LossKind {
    /** Pairwise: softplus(s(u,neg) − s(u,pos)). */
    BPR,
    /** Pointwise binary cross-entropy: softplus(−s(u,pos)) + softplus(s(u,neg)). */
    BCE;

    public static LossKind parse(String name) {
        return EnumOptions.parse(LossKind.class, name, "loss");
    }
}
