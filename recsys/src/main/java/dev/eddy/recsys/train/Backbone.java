package dev.eddy.recsys.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How user and item representations are made from the embedding tables. */
public enum Backbone {
    /** Matrix factorization: the tables are the representations. */
    MF,
    /** LightGCN: the tables propagated over the normalised user–item graph, layers averaged. */
    LIGHTGCN;

    public static Backbone parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backbone '" + name + "'; known backbones: " + names());
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(Backbone::label).collect(Collectors.joining(", "));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
