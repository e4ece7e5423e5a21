package dev.eddy.recsys.serving.retrieval;

/**
 * How serving retrieves over a catalogue.
 *
 * @param exactUpTo       catalogues up to this many items use the exact scan only; larger ones get an ANN graph
 * @param ann             the graph's settings
 * @param annBuildThreads threads that build a graph in the background (1 leaves the other cores to requests)
 */
public record RetrievalSettings(int exactUpTo, AnnTopK.Params ann, int annBuildThreads) {
    public static final RetrievalSettings DEFAULT = new RetrievalSettings(Retrievers.DEFAULT_EXACT_UP_TO, AnnTopK.Params.DEFAULT, 1);

    public RetrievalSettings {
        if (exactUpTo < 0) throw new IllegalArgumentException("exactUpTo must be >= 0, was " + exactUpTo);
        if (ann == null) throw new IllegalArgumentException("ann settings are missing");
        if (annBuildThreads < 1) throw new IllegalArgumentException("annBuildThreads must be >= 1, was " + annBuildThreads);
    }

    public RetrievalSettings withExactUpTo(int items) {
        return new RetrievalSettings(items, ann, annBuildThreads);
    }
}
