package dev.eddy.serving.retrieval;

import java.util.concurrent.ForkJoinPool;

/** Picks the retriever for a catalogue's size: the exact scan up to a threshold, the ANN graph above. */
public final class Retrievers {
    /**
     * Up to this many items the exact scan is used. The scan streams n × dim floats per query (≈ 3–4 ms at
     * 100,000 × 64 on this machine's cores, memory-bound), the tuned ANN about 0.2 ms at recall@100 ≈ 0.99
     * (RankPathBenchmark); at 50,000 × 64 the scan's ≈ 1.5–2 ms still fits serving's latency budget.
     */
    public static final int DEFAULT_EXACT_UP_TO = 50_000;

    private Retrievers() {}

    /** Whether a catalogue of {@code items} items gets an ANN index under threshold {@code exactUpTo}. */
    public static boolean wantsAnn(int items, int exactUpTo) {
        return items > exactUpTo;
    }

    /** The exact scan when {@code ids.length <= exactUpTo}, else an ANN graph built now with {@code pool}. */
    public static ItemRetriever forSize(String[] ids, float[] rows, int dim, int exactUpTo, AnnTopK.Params params,
                                        ForkJoinPool pool) {
        if (exactUpTo < 0) throw new IllegalArgumentException("exactUpTo must be >= 0, was " + exactUpTo);
        return wantsAnn(ids.length, exactUpTo)
                ? AnnTopK.build(ids, rows, dim, params, pool)
                : new ExactTopK(ids, rows, dim);
    }

    /** {@link #forSize} with the default threshold and graph settings, building on the common pool. */
    public static ItemRetriever forSize(String[] ids, float[] rows, int dim) {
        return forSize(ids, rows, dim, DEFAULT_EXACT_UP_TO, AnnTopK.Params.DEFAULT, ForkJoinPool.commonPool());
    }
}
