package dev.eddy.bandits.neural;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.DisjointEncoder;

import java.util.SplittableRandom;

/**
 * A planted linear bandit: K actions with hidden weights w_a, contexts x ~ N(0, I/d), and a Bernoulli reward of mean
 * σ(scale · ⟨w_a, x⟩). Regret is pseudo-regret (best mean minus the chosen action's mean), so it has no reward noise.
 */
final class PlantedProblem {
    final int actions;
    final int dim;
    private final double scale;
    private final double[][] weights;
    final DisjointEncoder encoder;

    PlantedProblem(int actions, int dim, double scale, long seed) {
        this.actions = actions;
        this.dim = dim;
        this.scale = scale;
        SplittableRandom rng = new SplittableRandom(seed);
        weights = new double[actions][dim];
        for (double[] w : weights) for (int i = 0; i < dim; i++) w[i] = rng.nextGaussian();
        encoder = new DisjointEncoder(dim, actions);
    }

    /** Cumulative pseudo-regret after each round, for {@code rounds} rounds. */
    double[] run(ContextualBandit learner, int rounds, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] cumulative = new double[rounds];
        double total = 0;
        float[] x = new float[dim];
        double[] mean = new double[actions];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < dim; i++) x[i] = (float) (rng.nextGaussian() / Math.sqrt(dim));
            double best = 0;
            for (int a = 0; a < actions; a++) {
                double s = 0;
                for (int i = 0; i < dim; i++) s += weights[a][i] * x[i];
                mean[a] = Mlp.sigmoid(scale * s);
                best = Math.max(best, mean[a]);
            }
            BanditRound round = encoder.encode(x);
            Choice c = learner.choose(round, rng);
            double reward = rng.nextDouble() < mean[c.action()] ? 1 : 0;
            learner.learn(round, c.action(), c.probability(), reward);
            total += best - mean[c.action()];
            cumulative[r] = total;
        }
        return cumulative;
    }
}
