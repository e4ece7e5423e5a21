package dev.eddy.recsys.train;

import dev.eddy.recsys.EnumOptions;

/** How training positives are chosen and weighted. */
public enum Method {
    /** Plain BPR: every training positive once per epoch, uniform order. */
    BPR,
    /** Personal Loss Denoising: each user's positive resampled from a pool by its own loss (after warm-up). */
    PLD,
    /** Truncated loss (T-CE style): drop the largest-loss share of each batch, the share growing to a cap. */
    TCE,
    /** Reweighted loss (R-CE style): weight each triple by its detached predicted score to the power beta. */
    RCE;

    public static Method parse(String name) {
        return EnumOptions.parse(Method.class, name, "method");
    }

    public String label() {
        return EnumOptions.label(this);
    }
}
