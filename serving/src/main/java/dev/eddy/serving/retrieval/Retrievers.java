package dev.eddy.serving.retrieval;


/** Picks the retriever for a catalogue's size: the exact scan up to a threshold, an approximate index above. */
public final class Retrievers {
    /**
     * Up to this many items the exact scan is used. The scan streams n × dim floats per query (≈ 3–4 ms at
     * 100,000 × 64 on this machine's cores, memory-bound), the approximate indexes 0.1–0.2 ms at recall@100 ≥ 0.99
     * (RankPathBenchmark, IvfCpu); at 50,000 × 64 the scan's ≈ 1.5–2 ms still fits serving's latency budget.
     */
    public static final int DEFAULT_EXACT_UP_TO = 50_000;

    private Retrievers() {}

    /** Whether a catalogue of {@code items} items gets an ANN index under threshold {@code exactUpTo}. */
    public static boolean wantsAnn(int items, int exactUpTo) {
        return items > exactUpTo;
    }
}
