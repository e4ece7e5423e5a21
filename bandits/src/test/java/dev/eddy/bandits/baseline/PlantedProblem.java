package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.DisjointEncoder;

import java.util.SplittableRandom;

/**
 * A realizable linear bandit: K actions, a d-dimensional unit context plus a constant feature, disjoint encoding, and
 * Bernoulli rewards with mean μ_a(x) = 0.5 + 0.45·θ_aᵀx (θ_a unit vectors), so every baseline's model class holds
 * the truth. Regret is the pseudo-regret Σ (max_a μ_a − μ_chosen), which is free of the reward noise.
 */
final class PlantedProblem {
    static final int K = 5;
    static final int D = 10;
    static final int CONTEXT = D + 1;
    static final int DIMENSION = CONTEXT * K;

    private final double[][] theta = new double[K][D];
    private final DisjointEncoder encoder = new DisjointEncoder(CONTEXT, K);

    PlantedProblem(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (double[] t : theta) unit(t, rng);
    }

    /** Cumulative pseudo-regret after each of {@code rounds} rounds. */
    double[] run(ContextualBandit learner, int rounds, long seed) {
        SplittableRandom env = new SplittableRandom(seed);
        SplittableRandom policy = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] regret = new double[rounds];
        double[] x = new double[D];
        float[] context = new float[CONTEXT];
        double[] mean = new double[K];
        double total = 0;
        for (int t = 0; t < rounds; t++) {
            unit(x, env);
            for (int i = 0; i < D; i++) context[i] = (float) x[i];
            context[D] = 1f;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < K; a++) {
                double dot = 0;
                for (int i = 0; i < D; i++) dot += theta[a][i] * context[i];
                mean[a] = 0.5 + 0.45 * dot;
                best = Math.max(best, mean[a]);
            }
            BanditRound round = encoder.encode(context);
            Choice c = learner.choose(round, policy);
            double reward = env.nextDouble() < mean[c.action()] ? 1 : 0;
            learner.learn(round, c.action(), c.probability(), reward);
            total += best - mean[c.action()];
            regret[t] = total;
        }
        return regret;
    }

    static void unit(double[] v, SplittableRandom rng) {
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = gaussian(rng);
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) v[i] /= norm;
    }

    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
