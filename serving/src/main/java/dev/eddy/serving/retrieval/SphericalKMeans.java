package dev.eddy.serving.retrieval;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Spherical k-means of items for inner-product search. Each item is first put on the {@link UnitSphere}, where a
 * query (q, 0) orders items by q·x and items with a large inner product with a query are close to each other, which
 * is what clustering needs; on the raw vectors long items would fall in the wrong lists.
 * Centroids are unit vectors; an item belongs to the centroid with the largest inner product. Trained on a seeded
 * sample, so the same items give the same clusters.
 */
final class SphericalKMeans {
    private SphericalKMeans() {}

    /**
     * @param centroids  k unit vectors of dim + 1, row-major
     * @param assignment each item's centroid
     */
    record Result(float[] centroids, int[] assignment) {}

    static Result fit(float[] rows, int n, int dim, int k, int iterations, int sampleSize, long seed,
                      ForkJoinPool pool, Pacer pacer) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, " + n + "], was " + k);
        int width = dim + 1;
        double maxNorm = UnitSphere.maxNorm(rows, n, dim);
        SplittableRandom random = new SplittableRandom(seed);
        int[] sample = sample(n, Math.min(n, Math.max(k, sampleSize)), random);
        float[] points = new float[sample.length * width];
        for (int i = 0; i < sample.length; i++) UnitSphere.place(rows, sample[i], dim, maxNorm, points, i * width);

        float[] centroids = new float[k * width];
        for (int c = 0; c < k; c++) System.arraycopy(points, c * width, centroids, c * width, width);
        int[] sampleAssignment = new int[sample.length];
        for (int it = 0; it < iterations; it++) {
            float[] columns = columns(centroids, k, width);
            inChunks(sample.length, width, k, pool, pacer, (from, to, point, scores) -> {
                for (int i = from; i < to; i++) {
                    System.arraycopy(points, i * width, point, 0, width);
                    sampleAssignment[i] = nearest(point, columns, k, width, scores);
                }
            });
            recenter(points, sampleAssignment, centroids, k, width, random);
        }

        float[] columns = columns(centroids, k, width);
        int[] assignment = new int[n];
        inChunks(n, width, k, pool, pacer, (from, to, point, scores) -> {
            for (int row = from; row < to; row++) {
                UnitSphere.place(rows, row, dim, maxNorm, point, 0);
                assignment[row] = nearest(point, columns, k, width, scores);
            }
        });
        return new Result(centroids, assignment);
    }

    /** Work on points [from, to) with a point buffer and k scores of its own. */
    private interface Chunk {
        void run(int from, int to, float[] point, float[] scores);
    }

    /**
     * Runs {@code body} over [0, n): on the pool's threads when it has more than one and the build is not paced
     * (the first version's build, nothing served yet), else on this thread in steps of 256 points with the pacer
     * between them. Each point's result depends on the point alone, so both give the same clusters.
     */
    private static void inChunks(int n, int width, int k, ForkJoinPool pool, Pacer pacer, Chunk body) {
        if (pool == null || pool.getParallelism() < 2 || pacer.paced()) {
            float[] point = new float[width];
            float[] scores = new float[k];
            for (int from = 0; from < n; from += 256) {
                body.run(from, Math.min(n, from + 256), point, scores);
                pacer.step();
            }
            return;
        }
        int parts = pool.getParallelism() * 4;
        pool.submit(() -> IntStream.range(0, parts).parallel().forEach(p -> body.run(
                (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts), new float[width], new float[k]))).join();
    }

    /** Each centroid the normalised sum of its points; an empty one restarts at a random point. */
    private static void recenter(float[] points, int[] assignment, float[] centroids, int k, int width,
                                 SplittableRandom random) {
        double[] sums = new double[k * width];
        int[] counts = new int[k];
        for (int i = 0; i < assignment.length; i++) {
            int c = assignment[i];
            counts[c]++;
            for (int d = 0; d < width; d++) sums[c * width + d] += points[i * width + d];
        }
        int samples = assignment.length;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                System.arraycopy(points, random.nextInt(samples) * width, centroids, c * width, width);
                continue;
            }
            double norm = 0;
            for (int d = 0; d < width; d++) norm += sums[c * width + d] * sums[c * width + d];
            norm = Math.sqrt(norm);
            for (int d = 0; d < width; d++) centroids[c * width + d] = (float) (norm == 0 ? 0 : sums[c * width + d] / norm);
        }
    }

    /** The centroid with the largest inner product with {@code point}; centroids column-major ({@code columns[d · k + c]}). */
    private static int nearest(float[] point, float[] columns, int k, int width, float[] scores) {
        float p0 = point[0];
        for (int c = 0; c < k; c++) scores[c] = p0 * columns[c];
        for (int d = 1; d < width; d++) {
            float p = point[d];
            int base = d * k;
            for (int c = 0; c < k; c++) scores[c] += p * columns[base + c];
        }
        int best = 0;
        for (int c = 1; c < k; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    private static float[] columns(float[] centroids, int k, int width) {
        float[] columns = new float[k * width];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < width; d++) columns[d * k + c] = centroids[c * width + d];
        }
        return columns;
    }

    /** {@code size} distinct rows of {@code n}, in random order (a partial Fisher–Yates shuffle). */
    private static int[] sample(int n, int size, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = new int[size];
        System.arraycopy(all, 0, out, 0, size);
        return out;
    }
}
