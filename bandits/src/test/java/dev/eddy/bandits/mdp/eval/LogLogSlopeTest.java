package dev.eddy.bandits.mdp.eval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogLogSlopeTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0})
    void recoversTheExponentOfAPowerLaw(double alpha) {
        double[] curve = new double[20_000];
        for (int k = 1; k <= curve.length; k++) curve[k - 1] = 3.7 * Math.pow(k, alpha);
        assertThat(LogLogSlope.fit(curve)).isCloseTo(alpha, within(0.02));
    }

    @Test
    void recoversTheExponentThroughMultiplicativeNoiseAndNegativeDips() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        double[] curve = new double[5_000];
        for (int k = 1; k <= curve.length; k++) curve[k - 1] = 2 * Math.pow(k, 0.5) * (1 + 0.05 * (rng.nextDouble() - 0.5));
        curve[curve.length / 10 - 1] = -4; // the first fitted point: must be skipped, not break the fit
        assertThat(LogLogSlope.fit(curve)).isCloseTo(0.5, within(0.02));
    }

    @Test
    void noSlopeWithoutTwoPositivePoints() {
        assertThat(LogLogSlope.fit(new double[1000])).isNaN();
    }

    @Test
    void logSpacedIncludesBothEndsAndIsStrictlyIncreasing() {
        int[] e = LogLogSlope.logSpaced(200, 2000, 20);
        assertThat(e[0]).isEqualTo(200);
        assertThat(e[e.length - 1]).isEqualTo(2000);
        assertThat(e).hasSize(20).isSorted().doesNotHaveDuplicates();
        assertThat(LogLogSlope.logSpaced(1, 5, 200)).containsExactly(1, 2, 3, 4, 5);
    }
}
