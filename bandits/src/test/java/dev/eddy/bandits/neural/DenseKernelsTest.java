package dev.eddy.bandits.neural;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector kernels must give the scalar kernels' floats bit for bit: the learner scores and trains through them,
 * and its decisions (and replays of them) may not depend on whether a JVM had the Vector API.
 */
class DenseKernelsTest {

    @Test
    void theBuildRunsTestsWithTheVectorApi() {
        // surefire's argLine adds the module, so the tests below compare two different kernels.
        assertThat(Simd.ENABLED).isTrue();
        assertThat(DenseKernels.best()).isSameAs(VectorDenseKernels.INSTANCE);
    }

    @Test
    void rowsOfAHiddenLayerAreBitIdenticalToTheScalarKernel() {
        SplittableRandom rng = new SplittableRandom(21);
        // Widths below, at and between vector lengths (4..16 floats), and the output unit of width 1.
        for (int fanOut : new int[] {1, 3, 8, 16, 37, 64, 100}) {
            for (int trial = 0; trial < 50; trial++) {
                int fanIn = 1 + rng.nextInt(80);
                float[][] w = matrix(fanIn, fanOut, rng);
                // About half the units active, as after a ReLU; the list is longer than its count, as Mlp's scratch.
                int[] rows = new int[fanIn];
                float[] coef = new float[fanIn];
                int count = 0;
                for (int i = 0; i < fanIn; i++) {
                    if (rng.nextBoolean()) {
                        rows[count] = i;
                        coef[count++] = (float) rng.nextGaussian();
                    }
                }
                assertSameAsScalar(rows, coef, count, w, vector(fanOut, rng));
            }
        }
    }

    @Test
    void rowsOfSparseInputsAreBitIdenticalToTheScalarKernel() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int fanOut : new int[] {1, 5, 16, 64, 70}) {
            for (int trial = 0; trial < 50; trial++) {
                float[][] w = matrix(4096, fanOut, rng);
                int[] idx = rng.ints(rng.nextInt(12), 0, 4096).sorted().distinct().toArray();
                assertSameAsScalar(idx, vector(idx.length, rng), idx.length, w, vector(fanOut, rng));
            }
        }
    }

    private static void assertSameAsScalar(int[] rows, float[] coef, int count, float[][] w, float[] bias) {
        float[] scalar = bias.clone();
        float[] simd = bias.clone();
        ScalarDenseKernels.INSTANCE.accumulate(rows, coef, count, w, scalar);
        VectorDenseKernels.INSTANCE.accumulate(rows, coef, count, w, simd);
        assertBitIdentical(simd, scalar);
    }

    @Test
    void aTrainedNetworkPredictsAsTheScalarLoopsWould() {
        // Mlp.forward through the vector kernels against the loops it had before they existed, after training moved
        // the weights away from initialisation (and made some ReLU units dead).
        SplittableRandom rng = new SplittableRandom(23);
        Mlp net = new Mlp(512, new int[] {64, 64}, Mlp.Output.SIGMOID, rng);
        for (int t = 0; t < 300; t++) {
            var x = Vectors.random(512, 6, rng);
            net.forward(x);
            net.backward();
            net.addGradient(x, -0.05 * (rng.nextBoolean() ? 1 : -1));
        }
        float[] theta = new float[net.size()];
        net.copyParameters(theta);
        for (int t = 0; t < 200; t++) {
            var x = Vectors.random(512, 6, rng);
            assertThat(Double.doubleToRawLongBits(net.forward(x)))
                    .isEqualTo(Double.doubleToRawLongBits(scalarForward(theta, 512, 64, x.indices(), x.values())));
        }
    }

    /** The forward pass of a 2-hidden-layer network of width h in the flat parameter order, as plain loops. */
    private static double scalarForward(float[] theta, int inputDim, int h, int[] idx, float[] val) {
        int p = 0;
        float[] z1 = new float[h];
        int w1 = p;
        p += inputDim * h;
        System.arraycopy(theta, p, z1, 0, h);
        p += h;
        for (int k = 0; k < idx.length; k++) {
            for (int j = 0; j < h; j++) z1[j] += val[k] * theta[w1 + idx[k] * h + j];
        }
        for (int j = 0; j < h; j++) z1[j] = z1[j] > 0f ? z1[j] : 0f;
        float[] z2 = new float[h];
        int w2 = p;
        p += h * h;
        System.arraycopy(theta, p, z2, 0, h);
        p += h;
        for (int i = 0; i < h; i++) {
            if (z1[i] == 0f) continue;
            for (int j = 0; j < h; j++) z2[j] += z1[i] * theta[w2 + i * h + j];
        }
        for (int j = 0; j < h; j++) z2[j] = z2[j] > 0f ? z2[j] : 0f;
        int w3 = p;
        p += h;
        float out = theta[p];
        for (int i = 0; i < h; i++) {
            if (z2[i] != 0f) out += z2[i] * theta[w3 + i];
        }
        return out;
    }

    private static void assertBitIdentical(float[] actual, float[] expected) {
        for (int j = 0; j < expected.length; j++) {
            assertThat(Float.floatToRawIntBits(actual[j])).as("unit %d: %s vs %s", j, actual[j], expected[j])
                    .isEqualTo(Float.floatToRawIntBits(expected[j]));
        }
    }

    private static float[][] matrix(int rows, int cols, SplittableRandom rng) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) m[i] = vector(cols, rng);
        return m;
    }

    private static float[] vector(int n, SplittableRandom rng) {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) v[j] = (float) rng.nextGaussian();
        return v;
    }
}
