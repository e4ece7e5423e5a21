package dev.eddy.serving.retrieval;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.util.ExplicitThreadLocal;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;

/**
 * Approximate top-K by inner product over a JVector graph index (DOT_PRODUCT similarity). Excluded items are
 * filtered inside the graph search (JVector's accept-bits), so the search keeps walking until it has k accepted
 * items. Should the graph still yield fewer than k while more items remain (a filter that rejects almost
 * everything), the answer falls back to the exact scan, so the contract of {@link ItemRetriever} holds. Scores
 * are the exact inner products (JVector's DOT_PRODUCT score is (1 + dot) / 2). Immutable and thread-safe: each
 * thread gets its own searcher.
 */
public final class AnnTopK implements ItemRetriever {

    /**
     * Graph construction settings (JVector's names).
     *
     * @param maxDegree        M: neighbours per node
     * @param beamWidth        candidates considered while building
     * @param neighborOverflow how far a node's neighbour list may overflow before it is pruned
     * @param alpha            diversity of the kept neighbours (1.0 for inner product on non-normalised vectors)
     * @param searchBeam       the graph search collects at least this many items before the best k are kept: a
     *                         wider beam for better recall (HNSW's efSearch)
     * @param overquery        ... and at least {@code ceil(k · overquery)}
     */
    public record Params(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int searchBeam,
                         float overquery) {
        /**
         * Recall@100 ≥ 0.99 at ≈ 220 µs/query on 100k clustered items of dim 64 with 50 seen excluded (RankPathBenchmark,
         * 2 shared cores). Degree 16 was cheaper per hop but its recall@100 varied from 0.79 to 0.98 between builds of
         * the same data (the parallel build is not deterministic), and overquery 2 doubled the cost for no recall at
         * degree 32.
         */
        public static final Params DEFAULT = new Params(32, 64, 1.2f, 1.2f, 100, 1.0f);

        public Params {
            if (maxDegree < 2) throw new IllegalArgumentException("maxDegree must be >= 2, was " + maxDegree);
            if (beamWidth < 1) throw new IllegalArgumentException("beamWidth must be >= 1, was " + beamWidth);
            if (!(neighborOverflow >= 1)) throw new IllegalArgumentException("neighborOverflow must be >= 1, was " + neighborOverflow);
            if (!(alpha >= 1)) throw new IllegalArgumentException("alpha must be >= 1, was " + alpha);
            if (searchBeam < 1) throw new IllegalArgumentException("searchBeam must be >= 1, was " + searchBeam);
            if (!(overquery >= 1)) throw new IllegalArgumentException("overquery must be >= 1, was " + overquery);
        }
    }

    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final ExactTopK exact;
    private final String[] ids;
    private final float[] rows;
    private final int dim;
    private final double maxNorm;
    private final Params params;
    private final ImmutableGraphIndex graph;
    private final ExplicitThreadLocal<GraphSearcher> searchers;

    // The unit-sphere copy of the rows is needed only to build the graph (searches score the rows themselves), so
    // it is not kept: 4·n·(dim + 1) bytes less per index.
    private AnnTopK(ExactTopK exact, String[] ids, float[] rows, int dim, double maxNorm, Params params, ImmutableGraphIndex graph) {
        this.maxNorm = maxNorm;
        this.exact = exact;
        this.ids = ids;
        this.rows = rows;
        this.dim = dim;
        this.params = params;
        this.graph = graph;
        this.searchers = ExplicitThreadLocal.withInitial(() -> new GraphSearcher(graph));
    }

    /**
     * Builds the graph over {@code rows} (row-major, {@code ids.length × dim}; not copied, must not change) with the
     * threads of {@code pool}: a pool of one thread builds in the background without taking every core.
     */
    public static AnnTopK build(String[] ids, float[] rows, int dim, Params params, ForkJoinPool pool) {
        return build(ids, rows, dim, params, pool, 1.0);
    }

    /**
     * As {@link #build(String[], float[], int, Params, ForkJoinPool)}, but when {@code cpuShare < 1} the graph is
     * built node by node on the calling thread, pausing so that it takes about that share of one core: a rebuild
     * behind a version that is already served must not take the cores requests need.
     */
    public static AnnTopK build(String[] ids, float[] rows, int dim, Params params, ForkJoinPool pool, double cpuShare) {
        if (!(cpuShare > 0 && cpuShare <= 1)) throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
        ExactTopK exact = new ExactTopK(ids, rows, dim);
        double maxNorm = UnitSphere.maxNorm(rows, ids.length, dim);
        RandomAccessVectorValues vectors = new ListRandomAccessVectorValues(onTheUnitSphere(rows, ids.length, dim, maxNorm), dim + 1);
        ImmutableGraphIndex graph;
        try (GraphIndexBuilder builder = GraphIndexBuilder.builder(vectors, VectorSimilarityFunction.DOT_PRODUCT, params.maxDegree())
                .withBeamWidth(params.beamWidth())
                .withNeighborOverflow(params.neighborOverflow())
                .withAlpha(params.alpha())
                .withSimdExecutor(pool)
                .withParallelExecutor(pool)
                .build()) {
            graph = cpuShare >= 1 ? builder.build(vectors) : paced(builder, vectors, ids.length, cpuShare);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the JVector graph builder", e);
        }
        return new AnnTopK(exact, ids.clone(), rows, dim, maxNorm, params, graph);
    }

    /**
     * The same graph searched with another beam ({@link Params#searchBeam}): the recall/CPU trade-off of one build,
     * which is not deterministic, measured without building again.
     */
    public AnnTopK withSearchBeam(int searchBeam) {
        Params p = new Params(params.maxDegree(), params.beamWidth(), params.neighborOverflow(), params.alpha(),
                searchBeam, params.overquery());
        return new AnnTopK(exact, ids, rows, dim, maxNorm, p, graph);
    }

    @Override
    public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
        ItemRetriever.checkQuery(query, dim, k);
        int wanted = Math.min(k, ids.length);
        int beam = (int) Math.min(ids.length, Math.max(params.searchBeam(), Math.ceil(wanted * (double) params.overquery())));
        Bits accept = row -> !exclude.test(ids[row]);
        // The search scores a node as JVector's DOT_PRODUCT on the unit-sphere vectors would, (1 + q̂·x̂) / 2 with
        // q̂·x̂ = q·x / (|q|·M), but computes q·x on the original rows with ExactTopK's 8-accumulator loop rather than
        // JVector's scalar one (Java 17 gets no SIMD from JVector) and without a sphere copy of the query. The scale
        // matters: JVector's search termination reads the score values, and raw inner products lost recall.
        float scale = (float) (0.5 / (norm(query) * maxNorm));
        ScoreFunction.ExactScoreFunction score = node -> 0.5f + scale * ExactTopK.dot(query, rows, node * dim, dim);
        SearchResult result = searchers.get().search(new DefaultSearchScoreProvider(score), beam, accept);
        TopKHeap heap = new TopKHeap(wanted);
        int found = 0;
        for (SearchResult.NodeScore ns : result.getNodes()) {
            float s = ExactTopK.dot(query, rows, ns.node * dim, dim);
            found++;
            if (heap.admits(s, ns.node)) heap.push(s, ns.node);
        }
        if (found < wanted) {
            // The graph ran out of accepted nodes it could reach; the exact scan knows whether more remain.
            return exact.topK(query, k, exclude);
        }
        return heap.drainBestFirst(ids);
    }

    /** The items on the unit sphere ({@link UnitSphere}), as JVector's vectors. */
    private static List<VectorFloat<?>> onTheUnitSphere(float[] rows, int n, int dim, double maxNorm) {
        List<VectorFloat<?>> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim + 1];
            UnitSphere.place(rows, i, dim, maxNorm, v, 0);
            list.add(VECTORS.createFloatVector(v));
        }
        return list;
    }

    /** The graph built node by node on the calling thread at {@code cpuShare} of a core. */
    private static ImmutableGraphIndex paced(GraphIndexBuilder builder, RandomAccessVectorValues vectors, int n,
                                             double cpuShare) {
        Pacer pacer = new Pacer(cpuShare);
        for (int i = 0; i < n; i++) {
            builder.addGraphNode(i, vectors);
            pacer.step();
        }
        builder.cleanup();
        return builder.getGraph();
    }

    private static double norm(float[] query) {
        double sum = 0;
        for (float v : query) sum += (double) v * v;
        // An all-zero query scores every item 0; any positive scale keeps that.
        return sum == 0 ? 1 : Math.sqrt(sum);
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** Nodes of the graph (one per item). */
    public int graphSize() {
        return graph.size();
    }
}
