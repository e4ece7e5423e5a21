package dev.eddy.bandits.neural;

import dev.eddy.events.features.SparseVector;

import java.util.SplittableRandom;

final class Vectors {
    private Vectors() {}

    /** A sparse vector with {@code nnz} random entries in ascending, distinct positions. */
    static SparseVector random(int dim, int nnz, SplittableRandom rng) {
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int next = 0;
        for (int k = 0; k < nnz; k++) {
            int room = dim - next - (nnz - k - 1);
            next += rng.nextInt(Math.max(1, room / 2 + 1));
            idx[k] = next++;
            val[k] = (float) rng.nextGaussian();
        }
        return new SparseVector(idx, val, dim);
    }
}
