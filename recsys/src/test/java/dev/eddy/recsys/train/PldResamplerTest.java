package dev.eddy.recsys.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PldResamplerTest {

    /** A fixed model: one user, five candidates whose scores differ, one negative. */
    private static final float[] USER = {1f, 0.5f};
    private static final float[][] CANDIDATES = {{0.2f, 0.1f}, {1.0f, 0.4f}, {-0.3f, 0.2f}, {0.6f, -0.2f}, {0.05f, 0.05f}};
    private static final float[] NEGATIVE = {0.1f, 0.3f};

    @Test
    void lossesAreSoftplusOfNegativeMinusCandidateScore() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] losses = losses(m, 1).toFloatArray();
            double sn = dot(USER, NEGATIVE);
            for (int j = 0; j < CANDIDATES.length; j++) {
                double expected = Math.log1p(Math.exp(sn - dot(USER, CANDIDATES[j])));
                assertThat((double) losses[j]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void drawsFollowSoftmaxOfNegativeLossOverTau() {
        Engine.getInstance().setRandomSeed(7);
        int rows = 40_000;
        float tau = 0.1f;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray losses = losses(m, rows);
            long[] choice = PldResampler.choose(m, losses, tau).toLongArray();
            double[] freq = new double[CANDIDATES.length];
            for (long c : choice) freq[(int) c] += 1.0 / rows;

            float[] l = losses.get(0).toFloatArray();
            double[] expected = softmaxOfNegative(l, tau);
            for (int j = 0; j < expected.length; j++) {
                // 40k draws: the binomial standard error is at most 0.0025; 4 standard errors.
                assertThat(freq[j]).as("candidate %d", j).isCloseTo(expected[j], within(0.01));
            }
            // The lowest-loss candidate (the highest score, index 1) is the most frequent by far.
            int argMin = 0;
            for (int j = 1; j < l.length; j++) if (l[j] < l[argMin]) argMin = j;
            assertThat(argMin).isEqualTo(1);
            for (int j = 0; j < freq.length; j++) if (j != argMin) assertThat(freq[argMin]).isGreaterThan(freq[j]);
            // And the formula the sampler matches is PLD's, not some other sharpening: check it against the helper.
            float[] p = PldResampler.probabilities(losses.get("0:1"), tau).toFloatArray();
            for (int j = 0; j < p.length; j++) assertThat((double) p[j]).isCloseTo(expected[j], within(1e-5));
        }
    }

    @Test
    void higherTemperatureFlattensTheChoice() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray losses = losses(m, 20_000);
            double sharp = shareOf(PldResampler.choose(m, losses, 0.1f).toLongArray(), 1);
            double flat = shareOf(PldResampler.choose(m, losses, 10f).toLongArray(), 1);
            assertThat(sharp).isGreaterThan(flat + 0.2);
            assertThat(flat).isCloseTo(0.2, within(0.03));
        }
    }

    private static NDArray losses(NDManager m, int rows) {
        float[] u = new float[rows * 2];
        float[] c = new float[rows * CANDIDATES.length * 2];
        float[] n = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(USER, 0, u, r * 2, 2);
            System.arraycopy(NEGATIVE, 0, n, r * 2, 2);
            for (int j = 0; j < CANDIDATES.length; j++) System.arraycopy(CANDIDATES[j], 0, c, (r * CANDIDATES.length + j) * 2, 2);
        }
        return PldResampler.candidateLosses(m.create(u, new Shape(rows, 2)), m.create(c, new Shape(rows, CANDIDATES.length, 2)),
                m.create(n, new Shape(rows, 2)));
    }

    private static double[] softmaxOfNegative(float[] l, float tau) {
        double[] e = new double[l.length];
        double sum = 0;
        for (int j = 0; j < l.length; j++) sum += e[j] = Math.exp(-l[j] / tau);
        for (int j = 0; j < l.length; j++) e[j] /= sum;
        return e;
    }

    private static double shareOf(long[] choice, int j) {
        return java.util.Arrays.stream(choice).filter(c -> c == j).count() / (double) choice.length;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
