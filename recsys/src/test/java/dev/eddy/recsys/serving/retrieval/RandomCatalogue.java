package dev.eddy.recsys.serving.retrieval;

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

    public static float[] query(int dim, SplittableRandom r) {
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) q[i] = (float) r.nextGaussian();
        return q;
    }
}
