package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.features.SparseVector;

import java.util.SplittableRandom;

/** Small pieces the baselines share. */
final class Rounds {
    private Rounds() {}

    static void checkDimension(BanditRound round, int dimension, String learner) {
        if (round.dimension() != dimension) {
            throw new IllegalArgumentException(learner + " is configured for dimension " + dimension
                    + ", the round has " + round.dimension());
        }
    }

    static void checkOutcome(BanditRound round, int action, double probability, double reward) {
        if (action < 0 || action >= round.size()) {
            throw new IllegalArgumentException("action " + action + " outside 0.." + (round.size() - 1));
        }
        if (!(probability > 0 && probability <= 1)) throw new IllegalArgumentException("probability " + probability);
        if (!(reward >= 0 && reward <= 1)) throw new IllegalArgumentException("reward must be in [0, 1], was " + reward);
    }

    /** Doubles the buffer until it holds {@code k}, so that a growing K costs O(log K) allocations in all. */
    static double[] ensure(double[] buffer, int k) {
        if (buffer.length >= k) return buffer;
        int n = Math.max(k, buffer.length * 2);
        return new double[n];
    }

    /**
     * Puts {@code (1 - explore)} uniformly on the actions whose score equals the maximum and {@code explore / K} on
     * every action. Splitting the greedy mass over exact ties (instead of breaking them silently) keeps the logged
     * distribution the one the action is really drawn from.
     */
    static void greedyWithExploration(double[] score, int k, double explore, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < k; a++) if (score[a] > max) max = score[a];
        int ties = 0;
        for (int a = 0; a < k; a++) if (score[a] == max) ties++;
        double floor = explore / k;
        double greedy = (1 - explore) / ties;
        for (int a = 0; a < k; a++) out[a] = score[a] == max ? floor + greedy : floor;
    }

    static double dot(SparseVector x, double[] w, int offset) {
        int[] idx = x.indices();
        float[] val = x.values();
        double s = 0;
        for (int j = 0; j < idx.length; j++) s += w[idx[j] - offset] * val[j];
        return s;
    }

    /** The escaping copy a {@link dev.eddy.bandits.core.Choice} keeps: callers may hold on to it after the next round. */
    static double[] copy(double[] p, int k) {
        double[] d = new double[k];
        System.arraycopy(p, 0, d, 0, k);
        return d;
    }

    static int sampleIndex(double[] p, int k, SplittableRandom rng) {
        return dev.eddy.bandits.explore.InverseGapWeighting.sample(p, k, rng);
    }
}
