package dev.eddy.recsys.train;

import dev.eddy.recsys.EnumOptions;

/** How user and item representations are made from the embedding tables. */
public enum Backbone {
    /** Matrix factorization: the tables are the representations. */
    MF,
    /** LightGCN: the tables propagated over the normalised user–item graph, layers averaged. */
    LIGHTGCN;

    public static Backbone parse(String name) {
        return EnumOptions.parse(Backbone.class, name, "backbone");
    }

    public String label() {
        return EnumOptions.label(this);
    }
}
