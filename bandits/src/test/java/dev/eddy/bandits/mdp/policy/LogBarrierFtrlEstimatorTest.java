package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * θ̂ = Σ̂⁺φ(s,a)(L − b) is unbiased for Σ̂⁺E[φφᵀ]θ* − b·Σ̂⁺E[φ], which is θ* − b·u up to O(γ) when Σ̂⁺ =
 * (γI + E[φφᵀ])⁻¹, with u the vector that gives every action φ_aᵀu = 1 (here φ spans R³, so u exists): the
 * per-step baseline b shifts every action's loss estimate by the same amount, which FTRL ignores. So the estimated
 * differences φ_aᵀθ̂ − φ_0ᵀθ̂ must be unbiased for φ_aᵀθ* − φ_0ᵀθ*. η = 0 keeps the policy uniform whatever Θ is,
 * and with batches of one episode the covariance is exactly E_uniform[φφᵀ] of the single state, so the
 * per-episode increments of Θ are independent samples of θ̂.
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
        for (int k = 0; k < n; k++) {
            double[] before = p.theta(0);
            p.learn(draw(phi, thetaStar, rng));
            double[] after = p.theta(0);
            for (int a = 1; a < 3; a++) {
                double x = 0;
                for (int i = 0; i < 3; i++) x += (phi[a][i] - phi[0][i]) * (after[i] - before[i]);
                mean[a] += x / n;
                sq[a] += x * x / n;
            }
        }
        for (int a = 1; a < 3; a++) {
            double truth = 0;
            for (int i = 0; i < 3; i++) truth += (phi[a][i] - phi[0][i]) * thetaStar[i];
            double sd = Math.sqrt((sq[a] - mean[a] * mean[a]) / n);
            assertThat(Math.abs(mean[a] - truth)).as("action %d vs 0, sd %g", a, sd).isLessThan(5 * sd + 1e-6);
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
