package dev.eddy.bandits.ope;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A contextual bandit with known truth: 5 contexts (uniform), 4 actions, Bernoulli rewards with fixed means.
 * The logger μ and the target π are fixed stochastic policies; the context index is stored as the sample's
 * timestamp so that a feature map can find it.
 */
final class SimulatedLog {

    static final int CONTEXTS = 5;
    static final int ACTIONS = 4;

    static final double[][] MEAN = {
            {0.10, 0.50, 0.30, 0.80},
            {0.70, 0.20, 0.40, 0.10},
            {0.30, 0.30, 0.90, 0.50},
            {0.05, 0.60, 0.20, 0.40},
            {0.50, 0.10, 0.70, 0.25}};

    static final double[][] LOGGER = {
            {0.40, 0.30, 0.20, 0.10},
            {0.10, 0.20, 0.30, 0.40},
            {0.25, 0.25, 0.25, 0.25},
            {0.50, 0.10, 0.30, 0.10},
            {0.20, 0.40, 0.10, 0.30}};

    static final double[][] TARGET = {
            {0.05, 0.15, 0.10, 0.70},
            {0.70, 0.10, 0.10, 0.10},
            {0.10, 0.10, 0.70, 0.10},
            {0.10, 0.60, 0.10, 0.20},
            {0.10, 0.05, 0.75, 0.10}};

    private SimulatedLog() {}

    /** E_x Σ_a π(a|x) mean(x, a). */
    static double truth(double[][] policy) {
        double v = 0;
        for (int x = 0; x < CONTEXTS; x++) {
            for (int a = 0; a < ACTIONS; a++) v += policy[x][a] * MEAN[x][a] / CONTEXTS;
        }
        return v;
    }

    static List<LoggedSample> log(int n, long seed, double[][] target) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<LoggedSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int x = rng.nextInt(CONTEXTS);
            int a = draw(LOGGER[x], rng.nextDouble());
            double r = rng.nextDouble() < MEAN[x][a] ? 1 : 0;
            out.add(new LoggedSample(r, a, LOGGER[x][a], target[x], 0, x, LoggedSample.NO_SLATE));
        }
        return out;
    }

    /** One-hot (context, action): a saturated linear model, so ridge learns the cell means. */
    static final FeatureMap ONE_HOT = (s, a) -> {
        double[] f = new double[CONTEXTS * ACTIONS];
        f[(int) s.timestamp() * ACTIONS + a] = 1;
        return f;
    };

    static int draw(double[] p, double u) {
        double c = 0;
        for (int a = 0; a < p.length; a++) {
            c += p[a];
            if (u < c) return a;
        }
        return p.length - 1;
    }
}
