package dev.eddy.serving.retrieval;

/**
 * How serving retrieves over a catalogue.
 *
 * @param exactUpTo       catalogues up to this many items use the exact scan only; larger ones get an ANN graph
 * @param ann             the graph's settings
 * @param annBuildThreads threads that build a graph in the background (1 leaves the other cores to requests)
 * @param rebuildCpuShare share of one core that building the graph of a new version may take while an older
 *                        version of the model is served (the first version builds at full speed)
 */
public record RetrievalSettings(int exactUpTo, AnnTopK.Params ann, int annBuildThreads, double rebuildCpuShare) {
    public static final RetrievalSettings DEFAULT = new RetrievalSettings(Retrievers.DEFAULT_EXACT_UP_TO, AnnTopK.Params.DEFAULT, 1, 0.5);

    public RetrievalSettings(int exactUpTo, AnnTopK.Params ann, int annBuildThreads) {
        this(exactUpTo, ann, annBuildThreads, 0.5);
    }

    public RetrievalSettings {
        if (exactUpTo < 0) throw new IllegalArgumentException("exactUpTo must be >= 0, was " + exactUpTo);
        if (ann == null) throw new IllegalArgumentException("ann settings are missing");
        if (annBuildThreads < 1) throw new IllegalArgumentException("annBuildThreads must be >= 1, was " + annBuildThreads);
        if (!(rebuildCpuShare > 0 && rebuildCpuShare <= 1)) {
            throw new IllegalArgumentException("rebuildCpuShare must be in (0, 1], was " + rebuildCpuShare);
        }
    }

    public RetrievalSettings withAnnBuildThreads(int threads) {
        return new RetrievalSettings(exactUpTo, ann, threads, rebuildCpuShare);
    }

    public RetrievalSettings withExactUpTo(int items) {
        return new RetrievalSettings(items, ann, annBuildThreads, rebuildCpuShare);
    }
}
