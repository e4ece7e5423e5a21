package dev.eddy.bandits.mdp.ftrl;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagnitudeReductionTest {

    /** Z = a rare, very negative importance-weighted value, else a small positive one: the estimator's shape. */
    private static double draw(SplittableRandom rng) {
        return rng.nextDouble() < 0.02 ? -40 * rng.nextDouble() : 0.5 + rng.nextDouble();
    }

    @Test
    void keepsTheMeanIsBoundedBelowAndAtMostQuadruplesTheSecondMoment() {
        SplittableRandom rng = new SplittableRandom(3);
        int m = 200_000;
        double[] simulated = new double[m];
        for (int i = 0; i < m; i++) simulated[i] = draw(rng); // the simulator's independent samples
        double negative = MagnitudeReduction.meanNegativePart(simulated, m);
        assertThat(negative).isBetween(-0.45, -0.35); // 0.02 · E[−40U] = −0.4

        int n = 400_000;
        double sumZ = 0, sumR = 0, sqZ = 0, sqR = 0, sqDiff = 0;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double z = draw(rng);
            double r = MagnitudeReduction.reduce(z, negative);
            lowest = Math.min(lowest, r);
            sumZ += z;
            sumR += r;
            sqZ += z * z;
            sqR += r * r;
            sqDiff += (r - z) * (r - z);
        }
        double meanZ = sumZ / n;
        double meanR = sumR / n;
        double se = Math.sqrt((sqDiff / n - (meanR - meanZ) * (meanR - meanZ)) / n);
        double mcError = 0.45 * 4 / Math.sqrt(m); // sd of min(Z, 0) is below 4.5: the error of the simulated mean
        assertThat(Math.abs(meanR - meanZ)).isLessThan(4 * se + 4 * mcError);
        assertThat(meanZ).isBetween(0.5 * 0.98 + 0.5 - 0.45, 0.5 * 0.98 + 0.5 - 0.35);
        assertThat(lowest).isGreaterThanOrEqualTo(negative); // a raw Z goes down to −40
        assertThat(sqR / n).isLessThanOrEqualTo(4 * sqZ / n);
    }

    @Test
    void rejectsAPositiveMeanNegativePart() {
        assertThatThrownBy(() -> MagnitudeReduction.reduce(1, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MagnitudeReduction.meanNegativePart(new double[0], 0)).isZero();
    }
}
