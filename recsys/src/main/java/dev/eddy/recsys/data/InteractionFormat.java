package dev.eddy.recsys.data;

import dev.eddy.recsys.EnumOptions;

/** The input formats of interaction files. */
public enum InteractionFormat {
    /** MovieLens ratings: {@code user::item::rating::timestamp} (ml-1m, ml-10m) or tab-separated (ml-100k u.data). */
    MOVIELENS,
    /** Plain CSV {@code user,item[,timestamp]}, an optional header line; timestamps in epoch seconds or ISO-8601. */
    CSV,
    /** Eddy {@code Interaction} JSON, one object per line (the {@code eddy.interactions} wire format). */
    EVENTS,
    /**
     * Last.fm listening counts (HetRec 2011 {@code user_artists.dat}): tab-separated {@code user artist weight} under
     * a header line; every (user, artist) pair is a positive, the play count its value.
     */
    LASTFM;

    /** The file name of the Last.fm set, by which a folder given as data is recognised. */
    public static final String LASTFM_FILE = "user_artists.dat";

    public static InteractionFormat parse(String name) {
        return EnumOptions.parse(InteractionFormat.class, name, "format");
    }
}
