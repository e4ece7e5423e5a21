package dev.eddy.serving.retrieval;

import java.util.List;
import java.util.function.Predicate;

/**
 * Top-K items by inner product with a query vector over a fixed catalogue. Implementations are immutable and
 * thread-safe.
 */
public interface ItemRetriever {

    /**
     * The {@code k} items with the highest inner product with {@code query}, best first, skipping those for which
     * {@code exclude} holds (e.g. what the user has seen). Returns {@code k} items whenever at least {@code k} are
     * not excluded, else all that are not.
     *
     * @throws IllegalArgumentException if {@code k < 1}, or {@code query} has the wrong length or a non-finite value
     */
    List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude);

    /** Items in the catalogue. */
    int size();

    /** Dimension of the embeddings. */
    int dim();

    /** Checks the arguments every implementation takes, naming the bad one. */
    static void checkQuery(float[] query, int dim, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
        if (query == null) throw new IllegalArgumentException("query is missing");
        if (query.length != dim) throw new IllegalArgumentException("query has " + query.length + " values, dim is " + dim);
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) throw new IllegalArgumentException("query[" + i + "] is " + query[i]);
        }
    }
}
