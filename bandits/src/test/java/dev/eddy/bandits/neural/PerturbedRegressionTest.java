package dev.eddy.bandits.neural;

import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PerturbedRegressionTest {

    @ParameterizedTest(name = "{0}, sigma={1}")
    @CsvSource({"SQUARED, 0", "SQUARED, 0.05", "KL, 0", "KL, 0.05"})
    void perturbedLossGradientMatchesFiniteDifferences(Loss loss, double sigma) {
        SplittableRandom rng = new SplittableRandom(21);
        PerturbedRegression oracle = oracle(loss, sigma, 0, rng);
        SparseVector x = Vectors.random(20, 6, rng);
        double y = 0.3;

        float[] grad = new float[oracle.net().size()];
        oracle.perturbedLossGradient(x, y, grad);
        Mlp net = oracle.net();
        float[] numeric = new float[net.size()];
        double h = 1e-3;
        for (int p = 0; p < numeric.length; p++) {
            float saved = net.get(p);
            net.set(p, (float) (saved + h));
            double up = oracle.perturbedLoss(x, y);
            net.set(p, (float) (saved - h));
            double down = oracle.perturbedLoss(x, y);
            net.set(p, saved);
            numeric[p] = (float) ((up - down) / (2 * h));
        }
        assertThat(MlpTest.relativeError(grad, numeric)).isLessThan(1e-2);
    }

    @ParameterizedTest(name = "{0}, sigma={1}, clip={2}")
    @CsvSource({"SQUARED, 0, 0", "SQUARED, 0.05, 0", "KL, 0.05, 0", "KL, 0.05, 0.01", "SQUARED, 0, 0.01"})
    void aStepFollowsTheNegativeGradientWithinTheClip(Loss loss, double sigma, double clip) {
        SplittableRandom rng = new SplittableRandom(4);
        PerturbedRegression oracle = oracle(loss, sigma, clip, rng);
        SparseVector x = Vectors.random(20, 6, rng);
        double y = 0.9;

        float[] grad = new float[oracle.net().size()];
        oracle.perturbedLossGradient(x, y, grad);
        double norm = 0;
        for (float g : grad) norm += (double) g * g;
        norm = Math.sqrt(norm);
        double lr = 0.1;
        double scale = clip > 0 && norm > clip ? clip / norm : 1;
        float[] expected = MlpTest.flat(oracle.net());
        for (int p = 0; p < expected.length; p++) expected[p] -= (float) (lr * scale * grad[p]);

        // One step with the noise fixed above: update() would draw a fresh one, so step through the test seam.
        oracle.stepWithCurrentNoise(x, y, lr);
        float[] actual = MlpTest.flat(oracle.net());
        float[] diff = new float[actual.length];
        for (int p = 0; p < diff.length; p++) diff[p] = actual[p] - expected[p];
        double maxDiff = 0;
        for (float d : diff) maxDiff = Math.max(maxDiff, Math.abs(d));
        assertThat(maxDiff).isLessThan(1e-5);
    }

    private static float[] noise(PerturbedRegression oracle, SplittableRandom rng) {
        float[] eps = new float[oracle.noiseSize()];
        for (int p = 0; p < eps.length; p++) eps[p] = (float) (0.05 * rng.nextGaussian());
        return eps;
    }

    private static PerturbedRegression oracle(Loss loss, double sigma, double clip, SplittableRandom rng) {
        Mlp net = new Mlp(20, new int[] {8, 6}, loss.output(), rng);
        // Away from θ₀, so that ⟨ε, θ − θ₀⟩ is not zero and its gradient is exercised.
        for (int p = 0; p < net.size(); p++) net.set(p, net.get(p) + (float) (0.1 * rng.nextGaussian()));
        PerturbedRegression oracle = new PerturbedRegression(net, loss, sigma, clip, 99);
        if (sigma > 0) oracle.setNoise(noise(oracle, rng));
        return oracle;
    }
}
