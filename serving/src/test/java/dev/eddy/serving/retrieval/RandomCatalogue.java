package dev.eddy.serving.retrieval;

import java.util.SplittableRandom;

/** Seeded Gaussian item embeddings for the retrieval tests and benchmarks. */
public record RandomCatalogue(String[] ids, float[] rows, int dim) {

    public static RandomCatalogue gaussian(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] ids = new String[n];
        float[] rows = new float[n * dim];
        for (int i = 0; i < n; i++) ids[i] = "item-" + i;
        for (int i = 0; i < rows.length; i++) rows[i] = (float) r.nextGaussian();
        return new RandomCatalogue(ids, rows, dim);
    }

    /**
     * Embeddings with planted structure, as trained ones have: a rank-{@code rank} Gaussian factor model projected to
     * {@code dim} dimensions plus 10 % isotropic noise. (Pure Gaussian vectors of dim 32 have no neighbourhood
     * structure for a graph index to exploit.)
     */
    public static RandomCatalogue lowRank(int n, int dim, int rank, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] projection = new float[rank * dim];
        for (int i = 0; i < projection.length; i++) projection[i] = (float) (r.nextGaussian() / Math.sqrt(rank));
        String[] ids = new String[n];
        float[] rows = new float[n * dim];
        float[] z = new float[rank];
        for (int i = 0; i < n; i++) {
            ids[i] = "item-" + i;
            for (int f = 0; f < rank; f++) z[f] = (float) r.nextGaussian();
            for (int d = 0; d < dim; d++) {
                float v = 0;
                for (int f = 0; f < rank; f++) v += z[f] * projection[f * dim + d];
                rows[i * dim + d] = v + (float) (0.1 * r.nextGaussian());
            }
        }
        return new RandomCatalogue(ids, rows, dim);
    }

    /**
     * Clustered embeddings as serving's load benchmark makes them (stream-jobs {@code SyntheticEmbeddings}): random
     * unit centres; item i belongs to cluster i mod clusters and is its centre times a quality in [0.5, 1.5) plus
     * N(0, (0.5/√dim)²) noise per coordinate. {@link #clusteredQuery} draws a user of a cluster the same way.
     */
    public static RandomCatalogue clustered(int n, int dim, int clusters, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = centres(dim, clusters, seed);
        double noise = 0.5 / Math.sqrt(dim);
        String[] ids = new String[n];
        float[] rows = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids[i] = "item-" + i;
            float[] c = centres[i % clusters];
            double quality = 0.5 + r.nextDouble();
            for (int d = 0; d < dim; d++) rows[i * dim + d] = (float) (c[d] * quality + noise * r.nextGaussian());
        }
        return new RandomCatalogue(ids, rows, dim);
    }

    /** A user of cluster {@code cluster} of {@link #clustered} with the same seed: its centre plus noise. */
    public static float[] clusteredQuery(int dim, int clusters, long seed, int cluster, SplittableRandom r) {
        float[] c = centres(dim, clusters, seed)[cluster];
        double noise = 0.5 / Math.sqrt(dim);
        float[] q = new float[dim];
        for (int d = 0; d < dim; d++) q[d] = (float) (c[d] + noise * r.nextGaussian());
        return q;
    }

    private static float[][] centres(int dim, int clusters, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[][] out = new float[clusters][dim];
        for (float[] c : out) {
            double norm = 0;
            double[] v = new double[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = r.nextGaussian();
                norm += v[d] * v[d];
            }
            for (int d = 0; d < dim; d++) c[d] = (float) (v[d] / Math.sqrt(norm));
        }
        return out;
    }

    public static float[] query(int dim, SplittableRandom r) {
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) q[i] = (float) r.nextGaussian();
        return q;
    }
}
