package dev.eddy.recsys.data;

import dev.eddy.recsys.EnumOptions;

/** The input formats of interaction files. */
public enum InteractionFormat {
    /** MovieLens ratings: {@code user::item::rating::timestamp} (ml-1m, ml-10m) or tab-separated (ml-100k u.data). */
    MOVIELENS,
    /** Plain CSV {@code user,item[,timestamp]}, an optional header line; timestamps in epoch seconds or ISO-8601. */
    CSV,
    /** Eddy {@code Interaction} JSON, one object per line (the {@code eddy.interactions} wire format). */
    EVENTS;

    public static InteractionFormat parse(String name) {
        return EnumOptions.parse(InteractionFormat.class, name, "format");
    }
}
