package dev.eddy.serving.retrieval;

/** The approximate index of a catalogue above the exact-scan threshold. */
public enum AnnIndex {
    /** {@link IvfTopK}: k-means lists scanned column by column; builds in seconds, the cheaper search. */
    IVF,
    /** {@link AnnTopK}: JVector's graph; builds in minutes. */
    GRAPH
}
