package dev.eddy.bandits.bench;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.NeuCbConfig;
import dev.eddy.events.features.SparseVector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link NeuCbThroughputBenchmark}'s round (same network, K = 10, dense 128-dimensional input) in thread CPU time
 * rather than wall time, so that other processes on a shared machine do not count: σ = 0 and σ = 0.01 interleaved,
 * 5,000 rounds each per repetition, 2 warm-up repetitions, the median of 7. Run with
 * {@code java -cp bandits/target/test-classes:bandits/target/classes:<bandits' classpath> dev.eddy.bandits.bench.NeuCbCpuCost}.
 */
public final class NeuCbCpuCost {
    private NeuCbCpuCost() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] sigmas = {0, 0.01};
        NeuCB[] learners = new NeuCB[sigmas.length];
        for (int i = 0; i < sigmas.length; i++) {
            learners[i] = new NeuCB(NeuCbConfig.fastCbDefaults(1).withSigma(sigmas[i]), NeuCbThroughputBenchmark.DIM);
        }
        List<BanditRound> rounds = rounds();
        SplittableRandom rng = new SplittableRandom(7);
        int n = 5000;
        int reps = 7;
        double[][] ns = new double[sigmas.length][reps];
        for (int rep = -2; rep < reps; rep++) {
            for (int i = 0; i < sigmas.length; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (int t = 0; t < n; t++) {
                    BanditRound round = rounds.get(t & (NeuCbThroughputBenchmark.ROUNDS - 1));
                    Choice c = learners[i].choose(round, rng);
                    learners[i].learn(round, c.action(), c.probability(), rng.nextDouble() < 0.3 ? 1.0 : 0.0);
                }
                long c1 = mx.getCurrentThreadCpuTime();
                if (rep >= 0) ns[i][rep] = (c1 - c0) / (double) n;
            }
        }
        for (int i = 0; i < sigmas.length; i++) {
            Arrays.sort(ns[i]);
            System.out.printf("sigma=%s: %.1f us CPU per round, %.0f rounds/s per core (median of %d; min %.1f, max %.1f us)%n",
                    sigmas[i], ns[i][reps / 2] / 1e3, 1e9 / ns[i][reps / 2], reps, ns[i][0] / 1e3, ns[i][reps - 1] / 1e3);
        }
    }

    static List<BanditRound> rounds() {
        int dim = NeuCbThroughputBenchmark.DIM;
        SplittableRandom r = new SplittableRandom(3);
        int[] idx = new int[dim];
        for (int i = 0; i < dim; i++) idx[i] = i;
        List<BanditRound> rounds = new ArrayList<>();
        for (int t = 0; t < NeuCbThroughputBenchmark.ROUNDS; t++) {
            List<SparseVector> actions = new ArrayList<>(NeuCbThroughputBenchmark.ACTIONS);
            for (int a = 0; a < NeuCbThroughputBenchmark.ACTIONS; a++) {
                float[] v = new float[dim];
                for (int i = 0; i < dim; i++) v[i] = (float) r.nextGaussian();
                actions.add(new SparseVector(idx.clone(), v, dim));
            }
            rounds.add(new BanditRound(actions));
        }
        return rounds;
    }
}
