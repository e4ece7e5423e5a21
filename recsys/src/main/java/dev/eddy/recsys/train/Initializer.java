package dev.eddy.recsys.train;

import java.util.SplittableRandom;

/** Normal(0, std) initial tables, drawn in Java from the run's seed so that a seed means the same start on any device. */
final class Initializer {
    private Initializer() {}

    static EmbeddingTables random(int numUsers, int numItems, int dim, float std, SplittableRandom rng) {
        return new EmbeddingTables(numUsers, numItems, dim, normal(numUsers * dim, std, rng), normal(numItems * dim, std, rng));
    }

    private static float[] normal(int n, float std, SplittableRandom rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            out[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return out;
    }
}
