package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MsprtTest {

    @Test
    void closedFormMatchesTheMixtureIntegral() {
        // Λ = ∫ N(D; θ, V)/N(D; 0, V) dN(θ; 0, τ²), integrated numerically with scipy 1.17.1:
        //   from scipy import stats, integrate; import numpy as np
        //   f = lambda th: np.exp(stats.norm.logpdf(D, th, np.sqrt(V)) - stats.norm.logpdf(D, 0, np.sqrt(V)))
        //                  * stats.norm.pdf(th, 0, np.sqrt(t2))
        //   integrate.quad(f, -12*np.sqrt(t2), 12*np.sqrt(t2), epsabs=0, epsrel=1e-12, limit=200)[0]
        check(0.03, 1e-4, 0.0025, 14.8481430146721);
        check(0.004, 4e-6, 2.5e-5, 2.08264182629114);
        check(-0.01, 2.5e-5, 1e-4, 2.21506343914161);
    }

    private static void check(double d, double v, double tau2, double lr) {
        Effect e = new Effect(Scale.ABSOLUTE, d, Math.sqrt(v), Double.POSITIVE_INFINITY, 1000);
        Msprt m = new Msprt(tau2);
        assertThat(Math.exp(m.logLikelihoodRatio(e))).isCloseTo(lr, within(lr * 1e-9));
        assertThat(m.pValue(e)).isCloseTo(Math.min(1, 1 / lr), within(1e-9));
    }

    @Test
    void isTheConfidenceSequencesTestWhenTauFollowsTheData() {
        // GrowthBook's sequential p-value is this mixture with τ² = ρ²σ̂², σ̂² = se²·n.
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 5000);
        double rho = cs.rho();
        for (double d : new double[] {0.001, 0.01, 0.02, -0.03}) {
            Effect e = new Effect(Scale.ABSOLUTE, d, 0.006, Double.POSITIVE_INFINITY, 40_000);
            Msprt m = new Msprt(rho * rho * e.variance() * e.sampleSize());
            assertThat(m.pValue(e)).isCloseTo(cs.pValue(e), within(1e-12));
        }
    }

    @Test
    void forLiftScalesTauByTheBaseline() {
        assertThat(Msprt.forLift(0.05, 0.1).tau2()).isCloseTo(0.005 * 0.005, within(1e-18));
        assertThat(Msprt.forLift(0.05, -0.1).tau2()).isCloseTo(0.005 * 0.005, within(1e-18));
        assertThat(Msprt.forLift(0.05, 0)).isNull();
    }

    @Test
    void alwaysValidUnderContinuousMonitoringOfAnAaTest() {
        // 400 A/A experiments of normal outcomes, a look after every 5 users up to 3,000: the fraction in which the
        // running-minimum p-value ever drops below α is at most α (+ 3 SE).
        SplittableRandom rng = new SplittableRandom(3);
        Msprt m = Msprt.withTau(0.1);
        int runs = 400;
        int rejections = 0;
        for (int r = 0; r < runs; r++) {
            MetricStats c = MetricStats.EMPTY;
            MetricStats t = MetricStats.EMPTY;
            double p = 1;
            for (int u = 1; u <= 3000 && p >= 0.05; u++) {
                double y = AsymptoticConfidenceSequenceTest.gaussian(rng);
                if (u % 2 == 0) c = c.plusUser(y); else t = t.plusUser(y);
                if (u % 5 == 0) p = Math.min(p, m.pValue(Effect.absolute(VariantEstimate.of(c), VariantEstimate.of(t))));
            }
            if (p < 0.05) rejections++;
        }
        assertThat((double) rejections / runs).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / runs));
    }

    @Test
    void findsARealEffect() {
        // Difference 0.2 sd with 2,000 users a side: z ≈ 6.3, Λ ≈ e^(z²/2)·sqrt(V/τ²) is far above 20.
        Effect e = new Effect(Scale.ABSOLUTE, 0.2, Math.sqrt(2.0 / 2000), Double.POSITIVE_INFINITY, 4000);
        assertThat(Msprt.withTau(0.1).pValue(e)).isLessThan(1e-6);
    }
}
