package dev.eddy.bandits.explore;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InverseGapWeightingTest {

    private static double[] randomLosses(SplittableRandom r, int k) {
        double[] y = new double[k];
        for (int a = 0; a < k; a++) y[a] = r.nextDouble();
        return y;
    }

    private static double sum(double[] p, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) s += p[a];
        return s;
    }

    @Test
    void squareCbIsADistributionWithTheInverseGapBound() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 2000; trial++) {
            int k = 2 + r.nextInt(30);
            double gamma = r.nextDouble() * 1000;
            double[] y = randomLosses(r, k);
            double[] p = new double[k];
            int best = InverseGapWeighting.squareCb(y, k, gamma, p);
            assertThat(sum(p, k)).isCloseTo(1.0, within(1e-9));
            for (int a = 0; a < k; a++) {
                assertThat(p[a]).isGreaterThanOrEqualTo(0.0);
                if (a != best) {
                    // Exactly the inverse gap; and never below 1/(K + γ·range) with range the spread of predictions.
                    assertThat(p[a]).isCloseTo(1.0 / (k + gamma * (y[a] - y[best])), within(1e-12));
                    assertThat(p[a]).isGreaterThanOrEqualTo(1.0 / (k + gamma * 1.0) - 1e-12);
                }
            }
            assertThat(p[best]).isGreaterThanOrEqualTo(1.0 / k - 1e-12);
        }
    }

    @Test
    void fastCbIsADistributionAndFavoursTheBest() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 2000; trial++) {
            int k = 2 + r.nextInt(30);
            double gamma = r.nextDouble() * 1000;
            double[] y = randomLosses(r, k);
            double[] p = new double[k];
            int best = InverseGapWeighting.fastCb(y, k, gamma, p);
            assertThat(sum(p, k)).isCloseTo(1.0, within(1e-9));
            for (int a = 0; a < k; a++) {
                assertThat(p[a]).isBetween(0.0, 1.0);
                assertThat(p[a]).isLessThanOrEqualTo(p[best] + 1e-12);
            }
        }
    }

    @Test
    void gammaZeroIsUniform() {
        double[] y = {0.9, 0.1, 0.5, 0.3};
        double[] p = new double[4];
        InverseGapWeighting.squareCb(y, 4, 0, p);
        assertThat(p).containsOnly(0.25);
        InverseGapWeighting.fastCb(y, 4, 0, p);
        for (double v : p) assertThat(v).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void largeGammaConcentratesOnTheBest() {
        double[] y = {0.9, 0.1, 0.5, 0.3};
        double[] p = new double[4];
        assertThat(InverseGapWeighting.squareCb(y, 4, 1e9, p)).isEqualTo(1);
        assertThat(p[1]).isGreaterThan(0.999);
    }

    @Test
    void samplingFollowsTheDistribution() {
        double[] p = {0.1, 0.6, 0.3};
        int[] counts = new int[3];
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000;
        for (int i = 0; i < n; i++) counts[InverseGapWeighting.sample(p, 3, r)]++;
        for (int a = 0; a < 3; a++) assertThat(counts[a] / (double) n).isCloseTo(p[a], within(0.005));
    }

    @Test
    void gammaSchedules() {
        assertThat(GammaSchedule.vwDefault().gamma(100)).isCloseTo(100.0, within(1e-9));
        assertThat(GammaSchedule.vwDefault().gamma(0)).isCloseTo(10.0, within(1e-9));
        assertThat(GammaSchedule.fromHorizon(4, 10_000, 1.0).gamma(7)).isCloseTo(200.0, within(1e-9));
    }
}
