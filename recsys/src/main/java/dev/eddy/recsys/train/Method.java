package dev.eddy.recsys.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + name + "'; known methods: " + names());
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(Method::label).collect(Collectors.joining(", "));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
