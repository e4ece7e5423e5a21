package dev.eddy.recsys.serving.retrieval;

import java.util.concurrent.ForkJoinPool;

/** Picks the retriever for a catalogue's size: the exact scan up to a threshold, the ANN graph above. */
public final class Retrievers {
    /** Up to this many items the exact scan answers within a few milliseconds on one core (see recsys/bench). */
    public static final int DEFAULT_EXACT_UP_TO = 100_000;

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
