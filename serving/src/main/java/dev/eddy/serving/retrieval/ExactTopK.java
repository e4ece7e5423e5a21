package dev.eddy.serving.retrieval;

import dev.eddy.bandits.neural.Simd;

import java.util.List;
import java.util.function.Predicate;

/**
 * Exact top-K by a full scan: every item's inner product with the query, the best k kept in a bounded min-heap.
 * The embeddings sit in one contiguous row-major array, and the inner product runs with eight independent
 * accumulators so that the JIT can keep several multiply-adds in flight (and use packed SIMD loads) rather than
 * wait on one dependency chain. Immutable and thread-safe.
 */
public final class ExactTopK implements ItemRetriever {
    private final String[] ids;
    private final float[] rows;
    private final int dim;

    /**
     * @param ids  item ids, row order
     * @param rows {@code ids.length × dim} floats, row-major; used as given (not copied), so the caller must not
     *             change it afterwards
     */
    public ExactTopK(String[] ids, float[] rows, int dim) {
        if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, was " + dim);
        if ((long) ids.length * dim != rows.length) {
            throw new IllegalArgumentException("rows has " + rows.length + " floats for " + ids.length + " items of dim " + dim);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) throw new IllegalArgumentException("ids[" + i + "] is null");
        }
        this.ids = ids.clone();
        this.rows = rows;
        this.dim = dim;
    }

    @Override
    public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
        ItemRetriever.checkQuery(query, dim, k);
        TopKHeap heap = new TopKHeap(Math.min(k, ids.length));
        int n = ids.length;
        for (int row = 0, offset = 0; row < n; row++, offset += dim) {
            float s = dot(query, rows, offset, dim);
            // Exclusion is a hash lookup: test it only for the few items that would enter the heap.
            if (heap.admits(s, row) && !exclude.test(ids[row])) heap.push(s, row);
        }
        return heap.drainBestFirst(ids);
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    /**
     * Whether to score with the Vector API: bandits' {@link Simd#ENABLED}, off by default (the graph search's scoring
     * waits on memory, not arithmetic). Kept out of {@link VectorDot}, whose class cannot be initialised without the
     * module.
     */
    static final boolean SIMD = Simd.ENABLED;

    /** The inner product of {@code q} with the row at {@code offset}. */
    static float dot(float[] q, float[] rows, int offset, int dim) {
        return dot(rows, offset, q, 0, dim);
    }

    /** The inner product of {@code a} from {@code offsetA} with {@code b} from {@code offsetB}, over dim floats. */
    static float dot(float[] a, int offsetA, float[] b, int offsetB, int dim) {
        return SIMD ? VectorDot.dot(a, offsetA, b, offsetB, dim) : scalarDot(a, offsetA, b, offsetB, dim);
    }

    /** {@link #dot} without the Vector API: eight running sums, which HotSpot keeps in registers. */
    static float scalarDot(float[] a, int offsetA, float[] b, int offsetB, int dim) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int d = 0;
        for (int end = dim & ~7; d < end; d += 8) {
            int i = offsetA + d;
            int j = offsetB + d;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; d < dim; d++) s0 += a[offsetA + d] * b[offsetB + d];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
