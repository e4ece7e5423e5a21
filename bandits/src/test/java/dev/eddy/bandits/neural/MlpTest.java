package dev.eddy.bandits.neural;

import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MlpTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(7);
        Mlp net = new Mlp(20, new int[] {8, 6}, Mlp.Output.RAW, rng);
        // Move the biases off zero so that the check also covers them.
        for (int p = 0; p < net.size(); p++) net.set(p, net.get(p) + (float) (0.1 * rng.nextGaussian()));
        SparseVector x = Vectors.random(20, 5, rng);

        float[] grad = new float[net.size()];
        net.gradient(x, grad);
        float[] numeric = new float[net.size()];
        double h = 1e-3;
        for (int p = 0; p < net.size(); p++) {
            float saved = net.get(p);
            net.set(p, (float) (saved + h));
            double up = net.forward(x);
            net.set(p, (float) (saved - h));
            double down = net.forward(x);
            net.set(p, saved);
            numeric[p] = (float) ((up - down) / (2 * h));
        }
        assertThat(relativeError(grad, numeric)).isLessThan(1e-2);
    }

    @Test
    void firstLayerGradientOnlyOnRowsOfNonZeroInputs() {
        SplittableRandom rng = new SplittableRandom(3);
        Mlp net = new Mlp(30, new int[] {4}, Mlp.Output.RAW, rng);
        SparseVector x = new SparseVector(new int[] {2, 17}, new float[] {1f, -2f}, 30);
        float[] grad = new float[net.size()];
        net.gradient(x, grad);
        for (int i = 0; i < 30; i++) {
            if (i == 2 || i == 17) continue;
            for (int j = 0; j < 4; j++) assertThat(grad[i * 4 + j]).isZero();
        }
    }

    @Test
    void normAndInnerProductAgreeWithTheDenseGradient() {
        SplittableRandom rng = new SplittableRandom(11);
        Mlp net = new Mlp(25, new int[] {10, 10, 5}, Mlp.Output.RAW, rng);
        SparseVector x = Vectors.random(25, 6, rng);
        float[] grad = new float[net.size()];
        net.gradient(x, grad);
        float[] v = new float[net.size()];
        for (int p = 0; p < v.length; p++) v[p] = (float) rng.nextGaussian();
        double sq = 0;
        double dot = 0;
        for (int p = 0; p < v.length; p++) {
            sq += (double) grad[p] * grad[p];
            dot += (double) grad[p] * v[p];
        }
        net.forward(x);
        net.backward();
        assertThat(net.gradientSquaredNorm(x)).isCloseTo(sq, within(1e-4 * Math.max(1, sq)));
        assertThat(net.dotGradient(x, v)).isCloseTo(dot, within(1e-4 * Math.max(1, Math.abs(dot))));
    }

    @Test
    void sigmoidOutputIsAProbability() {
        SplittableRandom rng = new SplittableRandom(5);
        Mlp net = new Mlp(40, new int[] {16, 16}, Mlp.Output.SIGMOID, rng);
        for (int r = 0; r < 200; r++) {
            SparseVector x = Vectors.random(40, 8, rng);
            // Large inputs drive the logit far from zero; the output must still stay strictly inside (0, 1).
            float[] big = x.values().clone();
            for (int k = 0; k < big.length; k++) big[k] *= 50f;
            assertThat(net.predict(x)).isStrictlyBetween(0.0, 1.0);
            assertThat(net.predict(new SparseVector(x.indices(), big, 40))).isBetween(0.0, 1.0);
        }
    }

    @Test
    void sameSeedSameNetwork() {
        Mlp a = new Mlp(12, new int[] {5}, Mlp.Output.RAW, new SplittableRandom(42));
        Mlp b = new Mlp(12, new int[] {5}, Mlp.Output.RAW, new SplittableRandom(42));
        assertThat(flat(a)).containsExactly(flat(b));
        float[] initial = new float[a.size()];
        a.copyInitialParameters(initial);
        assertThat(initial).containsExactly(flat(a));
    }

    @Test
    void flatViewAgreesWithTheWholeVectorOperations() {
        SplittableRandom rng = new SplittableRandom(8);
        Mlp net = new Mlp(9, new int[] {4, 3}, Mlp.Output.RAW, rng);
        assertThat(net.size()).isEqualTo(9 * 4 + 4 + 4 * 3 + 3 + 3 + 1);
        float[] v = new float[net.size()];
        for (int p = 0; p < v.length; p++) v[p] = p;
        net.loadParameters(v);
        for (int p = 0; p < v.length; p++) assertThat(net.get(p)).isEqualTo(p);
        float[] initial = new float[net.size()];
        net.copyInitialParameters(initial);
        double expected = 0;
        for (int p = 0; p < v.length; p++) expected += v[p] * (p - initial[p]);
        assertThat(net.dotDisplacement(v)).isCloseTo(expected, within(1e-3));
        net.addToParameters(v, 2f);
        for (int p = 0; p < v.length; p++) assertThat(net.get(p)).isEqualTo(3f * p);
    }

    static float[] flat(Mlp net) {
        float[] out = new float[net.size()];
        net.copyParameters(out);
        return out;
    }

    static double relativeError(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int p = 0; p < a.length; p++) {
            diff += ((double) a[p] - b[p]) * ((double) a[p] - b[p]);
            norm += (double) b[p] * b[p];
        }
        return Math.sqrt(diff) / Math.max(1e-12, Math.sqrt(norm));
    }
}
