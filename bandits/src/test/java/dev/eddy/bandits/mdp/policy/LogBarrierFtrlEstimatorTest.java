package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * θ̂ = Σ̂⁺φ(s,a)L is unbiased for Σ̂⁺E[φφᵀ]θ*, which is θ* up to O(γ) when Σ̂⁺ = (γI + E[φφᵀ])⁻¹. η = 0 keeps the
 * policy uniform whatever Θ is, so the covariance estimate is exactly E_uniform[φφᵀ] of the single state from the
 * first refresh on, and the per-episode increments of Θ are i.i.d. samples of θ̂.
 */
class LogBarrierFtrlEstimatorTest {

    @Test
    void estimatorIsUnbiasedOnASmallLinearBandit() {
        double[][] phi = {{1, 0, 0.2}, {0.3, 1, 0}, {0, 0.4, 1}}; // spans R³
        double[] thetaStar = {0.5, 0.2, 0.7};
        double gamma = 1e-9;
        LogBarrierFtrlPolicy p = new LogBarrierFtrlPolicy(
                new LogBarrierFtrlPolicy.Config(1, 3, 3, 0.0, 0.0, gamma, false, 1, 0));
        SplittableRandom rng = new SplittableRandom(4);
        int n = 200_000;
        double[] mean = new double[3];
        double[] sq = new double[3];
        p.learn(draw(phi, thetaStar, rng)); // first refresh: from here on Σ̂⁺ = (γI + E[φφᵀ])⁻¹
        for (int k = 0; k < n; k++) {
            double[] before = p.theta(0);
            p.learn(draw(phi, thetaStar, rng));
            double[] after = p.theta(0);
            for (int i = 0; i < 3; i++) {
                double x = after[i] - before[i];
                mean[i] += x / n;
                sq[i] += x * x / n;
            }
        }
        for (int i = 0; i < 3; i++) {
            double sd = Math.sqrt((sq[i] - mean[i] * mean[i]) / n);
            assertThat(Math.abs(mean[i] - thetaStar[i])).as("coordinate %d, sd %g", i, sd).isLessThan(5 * sd + 1e-6);
        }
    }

    /** A uniformly drawn action whose loss is Bernoulli(φ_aᵀθ*). */
    private static Episode draw(double[][] phi, double[] thetaStar, SplittableRandom rng) {
        int a = rng.nextInt(3);
        double mean = 0;
        for (int i = 0; i < 3; i++) mean += phi[a][i] * thetaStar[i];
        double loss = rng.nextDouble() < mean ? 1 : 0;
        return new Episode(new double[][][] {phi}, new int[] {a}, new double[] {1.0 / 3}, new double[] {loss});
    }
}
