package dev.eddy.serving.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;

/**
 * Approximate top-K by inner product over an inverted file: the items are split into lists by spherical k-means, a
 * query scores the lists' centroids and scans the items of its best lists until it has probed {@link Params#probes}
 * of them and holds k items that are not excluded. Scores are exact inner products of the items scanned, so the answer
 * differs from the exact scan only by items in lists that were not probed; probing every list is the exact scan.
 *
 * <p>Why not the graph: a graph search visits a few thousand nodes in no order, each a cache miss and a visited-set
 * probe, and most of its CPU is that bookkeeping, not arithmetic. Here each list is stored column by column, so a
 * list is scored by loops of the form {@code acc[j] += q[d] · col[d][j]}, which HotSpot compiles to packed SIMD on
 * Java 17 without the Vector API, over memory read in order. It also builds in seconds where the graph takes minutes.
 *
 * <p>Immutable and thread-safe (each thread has its own scratch arrays).
 */
public final class IvfTopK implements ItemRetriever {

    /**
     * @param lists        lists to split the items into (0: about 2·√n, so a list holds about √n / 2 items)
     * @param probes       lists a query scans at least (more only when these hold fewer than k items not excluded);
     *                     {@link #calibrated} raises it until the recall target is reached
     * @param iterations   k-means iterations over the training sample
     * @param sample       items the centroids are trained on (all when fewer), at least one per list
     * @param seed         the k-means seed, so a build of the same items is the same index
     * @param targetRecall recall@k against the exact scan that calibration must reach on the served queries
     * @param maxScanShare calibration gives up beyond this share of the lists: at about 5 % of a 100k × 64 catalogue
     *                     a query costs as much as the graph's
     */
    public record Params(int lists, int probes, int iterations, int sample, long seed, double targetRecall,
                         double maxScanShare) {
        /**
         * Two lists at least; k-means on 40,000 items, 12 rounds (10 s for 100,000 × 64 on one core). On
         * RankPathBenchmark's catalogue, users of a cluster with 50 seen items excluded, 5 probes of the 632 lists
         * give recall@100 0.9988 and 8 give 1.0 (serving/bench-cpu-ivf).
         */
        public static final Params DEFAULT = new Params(0, 2, 12, 40_000, 17, 0.99, 0.05);

        public Params(int lists, int probes, int iterations, int sample, long seed) {
            this(lists, probes, iterations, sample, seed, DEFAULT.targetRecall(), DEFAULT.maxScanShare());
        }

        public Params {
            if (lists < 0) throw new IllegalArgumentException("lists must be >= 0, was " + lists);
            if (probes < 1) throw new IllegalArgumentException("probes must be >= 1, was " + probes);
            if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
            if (sample < 1) throw new IllegalArgumentException("sample must be >= 1, was " + sample);
            if (!(targetRecall > 0 && targetRecall <= 1)) {
                throw new IllegalArgumentException("targetRecall must be in (0, 1], was " + targetRecall);
            }
            if (!(maxScanShare > 0 && maxScanShare <= 1)) {
                throw new IllegalArgumentException("maxScanShare must be in (0, 1], was " + maxScanShare);
            }
        }

        public Params withProbes(int p) {
            return new Params(lists, p, iterations, sample, seed, targetRecall, maxScanShare);
        }

        /** The number of lists for {@code n} items. */
        int listsFor(int n) {
            int wanted = lists > 0 ? lists : (int) Math.round(2 * Math.sqrt(n));
            return Math.max(1, Math.min(wanted, n));
        }
    }

    private final String[] ids;
    private final int dim;
    private final Params params;
    private final int lists;
    /** Centroids, column-major: {@code centroids[d · lists + c]}, the first dim coordinates of each (unit) centroid. */
    private final float[] centroids;
    /** List c holds positions {@code start[c]} to {@code start[c + 1]} of {@link #rowOf}. */
    private final int[] start;
    /** The item row at each position: lists are contiguous. */
    private final int[] rowOf;
    /** Each list's items column by column: coordinate d of its j-th item at {@code start[c] · dim + d · size + j}. */
    private final float[] columns;
    private final int largestList;
    private final ThreadLocal<Scratch> scratch;

    private IvfTopK(String[] ids, int dim, Params params, int lists, float[] centroids, int[] start, int[] rowOf,
                    float[] columns) {
        this.ids = ids;
        this.dim = dim;
        this.params = params;
        this.lists = lists;
        this.centroids = centroids;
        this.start = start;
        this.rowOf = rowOf;
        this.columns = columns;
        int largest = 0;
        for (int c = 0; c < lists; c++) largest = Math.max(largest, start[c + 1] - start[c]);
        this.largestList = largest;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(lists, Math.max(1, Math.min(params.probes(), lists)), largestList));
    }

    private static final class Scratch {
        final float[] listScores;
        final float[] bestScores;
        final int[] best;
        final long[] order;
        final float[] acc;

        Scratch(int lists, int probes, int largest) {
            listScores = new float[lists];
            bestScores = new float[probes];
            best = new int[probes];
            order = new long[lists];
            acc = new float[Math.max(1, largest)];
        }
    }

    /**
     * Builds the index over {@code rows} (row-major, {@code ids.length × dim}; copied into the lists' layout, so the
     * caller may reuse it) on the calling thread.
     */
    public static IvfTopK build(String[] ids, float[] rows, int dim, Params params) {
        return build(ids, rows, dim, params, null, 1.0);
    }

    /**
     * As {@link #build(String[], float[], int, Params)}: with {@code cpuShare < 1} on the calling thread at about that
     * share of one core, else the k-means on the threads of {@code pool} (null: the calling thread).
     */
    public static IvfTopK build(String[] ids, float[] rows, int dim, Params params, ForkJoinPool pool, double cpuShare) {
        Pacer pacer = new Pacer(cpuShare);
        if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, was " + dim);
        int n = ids.length;
        if ((long) n * dim != rows.length) {
            throw new IllegalArgumentException("rows has " + rows.length + " floats for " + n + " items of dim " + dim);
        }
        for (int i = 0; i < n; i++) {
            if (ids[i] == null) throw new IllegalArgumentException("ids[" + i + "] is null");
        }
        if (n == 0) {
            return new IvfTopK(new String[0], dim, params, 0, new float[0], new int[] {0}, new int[0], new float[0]);
        }
        int lists = params.listsFor(n);
        SphericalKMeans.Result clusters = SphericalKMeans.fit(rows, n, dim, lists, params.iterations(),
                Math.max(lists, params.sample()), params.seed(), pool, pacer);
        int[] assignment = clusters.assignment();
        int[] start = new int[lists + 1];
        for (int a : assignment) start[a + 1]++;
        for (int c = 0; c < lists; c++) start[c + 1] += start[c];
        int[] rowOf = new int[n];
        int[] fill = Arrays.copyOf(start, lists);
        for (int row = 0; row < n; row++) rowOf[fill[assignment[row]]++] = row;
        float[] columns = new float[n * dim];
        for (int c = 0; c < lists; c++) {
            int size = start[c + 1] - start[c];
            int base = start[c] * dim;
            for (int j = 0; j < size; j++) {
                int from = rowOf[start[c] + j] * dim;
                for (int d = 0; d < dim; d++) columns[base + d * size + j] = rows[from + d];
            }
        }
        float[] centroidColumns = new float[dim * lists];
        float[] unit = clusters.centroids();
        for (int c = 0; c < lists; c++) {
            for (int d = 0; d < dim; d++) centroidColumns[d * lists + c] = unit[c * (dim + 1) + d];
        }
        return new IvfTopK(ids.clone(), dim, params, lists, centroidColumns, start, rowOf, columns);
    }

    /** The same lists probed {@code probes} deep: the recall/CPU trade-off of one build, measured without building again. */
    public IvfTopK withProbes(int probes) {
        return new IvfTopK(ids, dim, params.withProbes(probes), lists, centroids, start, rowOf, columns);
    }

    /**
     * What calibration found: the probes chosen and the recall@k they gave on the queries, or, when {@code reached}
     * is false, the recall at the most probes allowed.
     */
    public record Calibration(int probes, double recall, int k, int queries, boolean reached) {}

    /**
     * The fewest probes, from {@link Params#probes} up by half each step, whose recall@k against {@code exact} over
     * {@code queries} reaches {@link Params#targetRecall}, trying at most {@link Params#maxScanShare} of the lists.
     * The queries should be the served ones (the model's user vectors): how many lists a query needs depends on
     * where the queries point, not only on the items (users of an item cluster need a handful, queries in no
     * particular direction many). Takes about {@code cpuShare} of one core.
     */
    public Calibration calibrate(float[][] queries, int k, ItemRetriever exact, double cpuShare) {
        if (queries.length == 0) throw new IllegalArgumentException("calibration needs at least one query");
        Pacer pacer = new Pacer(cpuShare);
        int wanted = Math.min(k, ids.length);
        List<Set<String>> truth = new ArrayList<>(queries.length);
        for (float[] q : queries) {
            Set<String> best = new HashSet<>();
            for (ScoredItem item : exact.topK(q, wanted, id -> false)) best.add(item.id());
            truth.add(best);
            pacer.step();
        }
        int maxProbes = Math.max(1, Math.min(lists, (int) Math.ceil(params.maxScanShare() * lists)));
        int probes = Math.min(params.probes(), maxProbes);
        while (true) {
            IvfTopK probed = withProbes(probes);
            long hits = 0;
            for (int i = 0; i < queries.length; i++) {
                for (ScoredItem item : probed.topK(queries[i], wanted, id -> false)) if (truth.get(i).contains(item.id())) hits++;
                pacer.step();
            }
            double recall = hits / ((double) wanted * queries.length);
            if (recall >= params.targetRecall() || probes >= maxProbes) {
                return new Calibration(probes, recall, wanted, queries.length, recall >= params.targetRecall());
            }
            probes = Math.min(maxProbes, probes + Math.max(1, probes / 2));
        }
    }

    @Override
    public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
        ItemRetriever.checkQuery(query, dim, k);
        TopKHeap heap = new TopKHeap(Math.min(k, ids.length));
        if (ids.length == 0) return heap.drainBestFirst(ids);
        Scratch s = scratch.get();
        ColumnScores.score(query, centroids, 0, lists, dim, s.listScores);
        int probes = Math.min(params.probes(), lists);
        int[] best = s.best;
        bestLists(s.listScores, probes, s.bestScores, best);
        for (int p = 0; p < probes; p++) scan(query, best[p], s.acc, heap, exclude);
        if (!heap.full() && probes < lists) {
            // The best lists held too few items that are not excluded: go on down the full order, which starts with
            // the lists already scanned (same scores, same ties).
            long[] order = allLists(s.listScores, s.order);
            for (int p = probes; p < lists && !heap.full(); p++) scan(query, (int) order[p], s.acc, heap, exclude);
        }
        return heap.drainBestFirst(ids);
    }

    /**
     * The {@code probes} lists of the highest scores, best first, into {@code best} (ties to the lower list): an
     * insertion into a short sorted array, which most lists leave after one comparison.
     */
    private static void bestLists(float[] scores, int probes, float[] bestScores, int[] best) {
        int held = 0;
        for (int c = 0; c < scores.length; c++) {
            float score = scores[c];
            if (held == probes && !(score > bestScores[held - 1])) continue;
            int i = held == probes ? held - 1 : held++;
            while (i > 0 && score > bestScores[i - 1]) {
                bestScores[i] = bestScores[i - 1];
                best[i] = best[i - 1];
                i--;
            }
            bestScores[i] = score;
            best[i] = c;
        }
    }

    /** Every list, best first (ties to the lower list): the key's high half orders like the negated score. */
    private static long[] allLists(float[] scores, long[] order) {
        for (int c = 0; c < scores.length; c++) order[c] = ((long) sortableDescending(scores[c]) << 32) | c;
        Arrays.sort(order);
        return order;
    }

    /** An int whose signed order is the descending order of {@code f} (NaN never occurs: queries are finite). */
    private static int sortableDescending(float f) {
        int bits = Float.floatToIntBits(f);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
        return ~ascending;
    }

    private void scan(float[] query, int c, float[] acc, TopKHeap heap, Predicate<String> exclude) {
        int first = start[c];
        int size = start[c + 1] - first;
        ColumnScores.score(query, columns, first * dim, size, dim, acc);
        for (int j = 0; j < size; j++) {
            int row = rowOf[first + j];
            // Exclusion is a hash lookup: test it only for the few items that would enter the heap.
            if (heap.admits(acc[j], row) && !exclude.test(ids[row])) heap.push(acc[j], row);
        }
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The number of lists the items were split into. */
    public int lists() {
        return lists;
    }
}
