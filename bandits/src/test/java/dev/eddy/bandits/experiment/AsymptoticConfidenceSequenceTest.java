package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AsymptoticConfidenceSequenceTest {

    @Test
    void rhoIsTheTuningFormula() {
        // python3 -c "import numpy as np; print(np.sqrt((-2*np.log(0.05)+np.log(-2*np.log(0.05)+1))/5000))"
        assertThat(new AsymptoticConfidenceSequence(0.05, 5000).rho()).isCloseTo(0.03984006677137368, within(1e-16));
    }

    @Test
    void matchesGbstatsSequentialTwoSidedTTest() {
        // gbstats' TestSequentialTTest.test_sequential_test_runs (growthbook/growthbook
        // packages/stats/tests/frequentist/test_tests.py): sequential_tuning_parameter=1000, relative:
        // expected=0.50336, ci=(-0.55844, 1.56516), stddev 0.33341, pValue=1.
        MetricStats a = MetricStats.ofMean(3000, 1396.87, 52377.9767);
        MetricStats b = MetricStats.ofMean(3461, 2422.7, 134698.29);
        Effect e = Effect.relative(VariantEstimate.of(a), VariantEstimate.of(b));
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 1000);
        assertThat(e.estimate()).isCloseTo(0.50336, within(5e-6));
        assertThat(e.standardError()).isCloseTo(0.33341, within(5e-6));
        Interval ci = cs.interval(e);
        assertThat(ci.lower()).isCloseTo(-0.55844, within(5e-6));
        assertThat(ci.upper()).isCloseTo(1.56516, within(5e-6));
        assertThat(cs.pValue(e)).isEqualTo(1);
    }

    @Test
    void halfWidthIsThePapersFormula() {
        // Waudby-Smith et al. (arXiv:2103.06476v7) eq. 9 with t = n and σ̂² = se²·n.
        Effect e = new Effect(Scale.ABSOLUTE, 0.01, 0.004, Double.POSITIVE_INFINITY, 20_000);
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 5000);
        double rho = cs.rho();
        double n = 20_000;
        double sigma = 0.004 * Math.sqrt(n);
        double expected = sigma * Math.sqrt(2 * (n * rho * rho + 1) / (n * n * rho * rho)
                * Math.log(Math.sqrt(n * rho * rho + 1) / 0.05));
        assertThat(cs.halfWidth(e)).isCloseTo(expected, within(1e-15));
        // Wider than the fixed-horizon interval: the price of looking at every n.
        assertThat(cs.halfWidth(e)).isGreaterThan(1.96 * 0.004);
    }

    @Test
    void pValueIsBelowAlphaExactlyWhenTheIntervalExcludesZero() {
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 5000);
        for (long n : new long[] {100, 5_000, 1_000_000}) {
            for (double z = 0; z < 8; z += 0.01) {
                Effect e = new Effect(Scale.ABSOLUTE, z * 0.02, 0.02, Double.POSITIVE_INFINITY, n);
                Interval interval = cs.interval(e);
                double p = cs.pValue(e);
                if (Math.abs(p - 0.05) < 1e-9) continue; // on the boundary either answer is right
                assertThat(p < 0.05).as("n=%d z=%.2f p=%s %s", n, z, p, interval).isEqualTo(interval.excludes(0));
            }
        }
    }

    @Test
    void coversTheTrueEffectAtEveryLookOfSimulatedExperiments() {
        // 400 experiments, normal outcomes (sd 1) with a true difference of 0.1, a look every 10 users up to 4,000:
        // the fraction whose running interval ever misses 0.1 is the time-uniform error, at most α (+ 3 SE).
        SplittableRandom rng = new SplittableRandom(11);
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 5000);
        int runs = 400;
        int misses = 0;
        int fixedMisses = 0;
        for (int r = 0; r < runs; r++) {
            MetricStats c = MetricStats.EMPTY;
            MetricStats t = MetricStats.EMPTY;
            Interval running = Interval.ALL;
            boolean missed = false;
            boolean fixedMissed = false;
            for (int u = 1; u <= 4000; u++) {
                if (u % 2 == 0) c = c.plusUser(gaussian(rng)); else t = t.plusUser(0.1 + gaussian(rng));
                if (u % 10 != 0) continue;
                Effect e = Effect.absolute(VariantEstimate.of(c), VariantEstimate.of(t));
                running = running.intersect(cs.interval(e));
                missed |= running.excludes(0.1);
                fixedMissed |= Math.abs(e.estimate() - 0.1) > 1.959964 * e.standardError(); // the 95 % normal interval
            }
            if (missed) misses++;
            if (fixedMissed) fixedMisses++;
        }
        double se = Math.sqrt(0.05 * 0.95 / runs);
        assertThat((double) misses / runs).isLessThanOrEqualTo(0.05 + 3 * se);
        // The fixed-horizon interval, looked at the same 400 times, misses far more often.
        assertThat((double) fixedMisses / runs).isGreaterThan(0.2);
    }

    static double gaussian(SplittableRandom rng) {
        // Box–Muller from the seeded stream (java.util.Random's nextGaussian would need another generator).
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
