package dev.eddy.serving.retrieval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorDotTest {

    @Test
    void theBuildRunsTestsWithTheVectorApi() {
        // surefire's argLine adds the module, so retrieval's tests exercise the vector dot product.
        assertThat(ExactTopK.SIMD).isTrue();
    }

    @Test
    void agreesWithTheScalarLoopToFloatRounding() {
        SplittableRandom rng = new SplittableRandom(5);
        // Lengths below, at and between vector widths, at offsets that are not multiples of them.
        for (int dim = 1; dim <= 130; dim++) {
            float[] a = new float[dim + 9];
            float[] b = new float[3 * dim + 5];
            for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
            int offA = rng.nextInt(10);
            int offB = rng.nextInt(2 * dim + 6);
            double exact = 0;
            double magnitude = 0;
            for (int d = 0; d < dim; d++) {
                exact += (double) a[offA + d] * b[offB + d];
                magnitude += Math.abs((double) a[offA + d] * b[offB + d]);
            }
            double tolerance = 1e-5 * magnitude + 1e-6;
            assertThat((double) VectorDot.dot(a, offA, b, offB, dim)).as("dim %d", dim).isCloseTo(exact, within(tolerance));
            assertThat((double) ExactTopK.scalarDot(a, offA, b, offB, dim)).isCloseTo(exact, within(tolerance));
        }
    }
}
