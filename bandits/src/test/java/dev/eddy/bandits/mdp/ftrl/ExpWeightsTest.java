package dev.eddy.bandits.mdp.ftrl;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExpWeightsTest {

    @Test
    void matchesClosedFormAndSumsToOne() {
        SplittableRandom r = new SplittableRandom(21);
        for (int trial = 0; trial < 1000; trial++) {
            int actions = r.nextInt(1, 50);
            double[] l = new double[actions];
            for (int a = 0; a < actions; a++) l[a] = 5 * r.nextGaussian();
            double eta = r.nextDouble(0.01, 3);
            double[] p = new double[actions];
            ExpWeights.solve(l, actions, eta, p);
            // Small exponents: the naive closed form is accurate here.
            double z = 0;
            for (int a = 0; a < actions; a++) z += Math.exp(-eta * l[a]);
            double sum = 0;
            for (int a = 0; a < actions; a++) {
                assertThat(p[a]).isCloseTo(Math.exp(-eta * l[a]) / z, within(1e-12));
                sum += p[a];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void stableForHugeSpreadsAndOffsets() {
        SplittableRandom r = new SplittableRandom(22);
        for (int trial = 0; trial < 500; trial++) {
            int actions = r.nextInt(2, 100);
            double offset = r.nextBoolean() ? -1e6 : 1e6;
            double[] l = new double[actions];
            for (int a = 0; a < actions; a++) l[a] = offset + 1e6 * r.nextDouble();
            double eta = r.nextDouble(0.01, 3);
            double[] p = new double[actions];
            ExpWeights.solve(l, actions, eta, p);
            double sum = 0;
            for (double pa : p) {
                assertThat(pa).isFinite().isBetween(0.0, 1.0);
                sum += pa;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            // Shift invariance: the closed form on L − min L, where it cannot overflow.
            double m = Arrays.stream(l).min().orElseThrow();
            double z = 0;
            for (double la : l) z += Math.exp(-eta * (la - m));
            for (int a = 0; a < actions; a++) {
                assertThat(p[a]).isCloseTo(Math.exp(-eta * (l[a] - m)) / z, within(1e-12));
            }
        }
        double[] p = new double[3];
        ExpWeights.solve(new double[]{-1e6, 0, 1e6}, 3, 1.0, p);
        assertThat(p).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void equalLossesGiveUniformAndLowerLossMoreProbability() {
        double[] p = new double[4];
        ExpWeights.solve(new double[]{-1e6, -1e6, -1e6, -1e6}, 4, 2.0, p);
        for (double pa : p) assertThat(pa).isEqualTo(0.25);
        ExpWeights.solve(new double[]{3, 1, 2, 0}, 4, 0.7, p);
        assertThat(p[3]).isGreaterThan(p[1]);
        assertThat(p[1]).isGreaterThan(p[2]);
        assertThat(p[2]).isGreaterThan(p[0]);
    }
}
