package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.env.EpisodeRunner;
import dev.eddy.bandits.mdp.env.LatentLinearMdp;
import dev.eddy.bandits.mdp.env.StationaryLinearMdp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monte Carlo checks, on a small linear MDP whose Q-functions are known exactly, that both FTRL policies' loss
 * estimates have the right mean. η = 0 keeps each policy uniform, so every batch is an independent draw of the
 * same estimator; per batch we take the estimated Q-difference Q̂(s, a) − Q̂(s, 0) of every (h, s, a) per episode,
 * and compare its mean over the batches with the true difference of Q^uniform from backward induction. Differences
 * are what FTRL reads (it is invariant to a shift common to all actions of a state, which is all the per-step
 * baseline adds). Both checks fail with the covariance of the wrong policy or scale, a wrong loss-to-go, or
 * Σ̂⁺ applied to episodes it does not belong to.
 */
class LinearQEstimatorUnbiasednessTest {

    private static final LatentLinearMdp.Config SMALL = new LatentLinearMdp.Config(2, 3, 4, 2, 0.5, 31);
    private static final int BATCH = 20;
    private static final int BATCHES = 1500;

    @Test
    void logBarrierEstimateOfQDifferencesIsUnbiased() {
        check((env, seed) -> new LogBarrierFtrlPolicy(
                        new LogBarrierFtrlPolicy.Config(2, 3, 4, 0, 0, 1e-7, false, BATCH, seed)),
                (p, h, f) -> linear(((LogBarrierFtrlPolicy) p).theta(h), f));
    }

    @Test
    void magnitudeReducedEstimateOfQDifferencesIsUnbiased() {
        check((env, seed) -> new MagnitudeReducedExpWeightsPolicy(
                        new MagnitudeReducedExpWeightsPolicy.Config(2, 3, 4, 0, 0, 0, 1e-7, BATCH, 20, 100, seed), env),
                (p, h, f) -> ((MagnitudeReducedExpWeightsPolicy) p).cumulativeLoss(h, f));
    }

    /** The cumulative loss estimate of each action of a state, or null while the policy has none. */
    @FunctionalInterface
    private interface Cumulative {
        double[] of(SessionPolicy p, int step, double[][] features);
    }

    private static double[] linear(double[] theta, double[][] f) {
        double[] out = new double[f.length];
        for (int a = 0; a < f.length; a++) out[a] = Dense.dot(f[a], theta);
        return out;
    }

    private static void check(BiFunction<LatentLinearMdp, Long, SessionPolicy> make, Cumulative cumulative) {
        StationaryLinearMdp env = new StationaryLinearMdp(SMALL);
        SessionPolicy p = make.apply(env, 5L);
        int hs = 2, ss = 2, as = 3;
        double[][][][] f = new double[hs][ss][as][];
        for (int h = 0; h < hs; h++) for (int s = 0; s < ss; s++) for (int a = 0; a < as; a++) f[h][s][a] = env.feature(h, s, a);
        SplittableRandom rng = new SplittableRandom(17);
        int k = 0;
        for (; k < BATCH; k++) p.learn(EpisodeRunner.run(p, env, k, rng)); // first batch: every state is seen
        double[][][] truth = qUniform(env);
        double[][][] sum = new double[hs][ss][as];
        double[][][] sq = new double[hs][ss][as];
        double[][][] before = snapshot(p, cumulative, f);
        for (int j = 0; j < BATCHES; j++) {
            for (int i = 0; i < BATCH; i++, k++) p.learn(EpisodeRunner.run(p, env, k, rng));
            double[][][] after = snapshot(p, cumulative, f);
            for (int h = 0; h < hs; h++) {
                for (int s = 0; s < ss; s++) {
                    for (int a = 1; a < as; a++) {
                        double x = ((after[h][s][a] - before[h][s][a]) - (after[h][s][0] - before[h][s][0])) / BATCH;
                        sum[h][s][a] += x;
                        sq[h][s][a] += x * x;
                    }
                }
            }
            before = after;
        }
        for (int h = 0; h < hs; h++) {
            for (int s = 0; s < ss; s++) {
                for (int a = 1; a < as; a++) {
                    double mean = sum[h][s][a] / BATCHES;
                    double se = Math.sqrt((sq[h][s][a] / BATCHES - mean * mean) / BATCHES);
                    double expected = truth[h][s][a] - truth[h][s][0];
                    assertThat(Math.abs(mean - expected))
                            .as("%s: h=%d s=%d a=%d estimate %.4f, true %.4f, se %.4f", p.name(), h, s, a, mean, expected, se)
                            .isLessThan(4.5 * se + 1e-3);
                }
            }
        }
    }

    private static double[][][] snapshot(SessionPolicy p, Cumulative cumulative, double[][][][] f) {
        double[][][] out = new double[f.length][f[0].length][];
        for (int h = 0; h < f.length; h++) {
            for (int s = 0; s < f[h].length; s++) {
                out[h][s] = cumulative.of(p, h, f[h][s]);
                assertThat(out[h][s]).as("state (%d, %d) known", h, s).isNotNull();
            }
        }
        return out;
    }

    /** Q of the uniform policy by backward induction on the expected losses. */
    private static double[][][] qUniform(LatentLinearMdp env) {
        int hs = env.horizon(), ss = env.latentStates(), as = env.actions();
        double[][][] q = new double[hs][ss][as];
        double[] next = new double[ss];
        for (int h = hs - 1; h >= 0; h--) {
            double[] value = new double[ss];
            for (int s = 0; s < ss; s++) {
                for (int a = 0; a < as; a++) {
                    q[h][s][a] = env.expectedLoss(h, s, a);
                    if (h + 1 < hs) for (int t = 0; t < ss; t++) q[h][s][a] += env.transition(h, s, a, t) * next[t];
                    value[s] += q[h][s][a] / as;
                }
            }
            next = value;
        }
        return q;
    }
}
