package dev.eddy.tools.bench.load;

import dev.eddy.jobs.retrain.ModelTables;

import java.util.SplittableRandom;

/**
 * Seeded user and item vectors with cluster structure, so that scores are not flat: every cluster has a random unit
 * centre; a user is its cluster's centre plus noise, an item its centre times a quality in [0.5, 1.5) plus noise. A
 * user's dot product with an item of its own cluster is then about the item's quality, with another cluster's about
 * 0, and top-K retrieval has a clear answer to find. The vectors depend on the population and the seed only.
 */
public final class SyntheticEmbeddings {
    /** Noise per coordinate, relative to 1/sqrt(dim) (a unit vector's typical coordinate). */
    private static final double NOISE = 0.5;

    private SyntheticEmbeddings() {}

    public static ModelTables tables(SyntheticPopulation p, int dim, long seed) {
        if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, was " + dim);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[p.clusters()][];
        for (int c = 0; c < centres.length; c++) centres[c] = unit(random, dim);
        double noise = NOISE / Math.sqrt(dim);
        String[] userIds = new String[p.users()];
        float[] users = new float[p.users() * dim];
        for (int u = 0; u < p.users(); u++) {
            userIds[u] = p.userId(u);
            fill(users, u, centres[p.userCluster(u)], 1.0, noise, random);
        }
        String[] itemIds = new String[p.items()];
        float[] items = new float[p.items() * dim];
        for (int i = 0; i < p.items(); i++) {
            itemIds[i] = p.itemId(i);
            fill(items, i, centres[p.itemCluster(i)], 0.5 + random.nextDouble(), noise, random);
        }
        return new ModelTables(userIds, itemIds, dim, users, items);
    }

    /** Dot product of a user's and an item's rows. */
    public static double score(ModelTables t, int user, int item) {
        double s = 0;
        for (int d = 0; d < t.dim; d++) s += t.users[user * t.dim + d] * t.items[item * t.dim + d];
        return s;
    }

    private static void fill(float[] rows, int row, double[] centre, double scale, double noise, SplittableRandom r) {
        int dim = centre.length;
        for (int d = 0; d < dim; d++) rows[row * dim + d] = (float) (centre[d] * scale + noise * r.nextGaussian());
    }

    private static double[] unit(SplittableRandom r, int dim) {
        double[] v = new double[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            v[d] = r.nextGaussian();
            norm += v[d] * v[d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dim; d++) v[d] /= norm;
        return v;
    }
}
