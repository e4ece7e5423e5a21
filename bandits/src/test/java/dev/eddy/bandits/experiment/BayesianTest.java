package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BayesianTest {

    /** gbstats' TestNorm fixture (growthbook/growthbook packages/stats/tests/bayesian/test_tests.py). */
    private static final Effect GB_LIFT = Effect.relative(VariantEstimate.of(MetricStats.ofMean(10, 100, 1002.25)),
            VariantEstimate.of(MetricStats.ofMean(10, 105, 1111.5)));

    @Test
    void flatPriorMatchesGbstats() {
        // test_bayesian_gaussian_ab_test: expected=0.05, ci=(-0.02, 0.12), stddev 0.03572, chanceToWin=0.91923,
        // risk=[0.05131, 0.00131] (rounded to 5 decimals there).
        BayesianResult r = Bayesian.readout(GB_LIFT, GaussianPrior.FLAT, 0.05);
        assertThat(r.expected()).isCloseTo(0.05, within(5e-6));
        assertThat(r.standardDeviation()).isCloseTo(0.03572, within(5e-6));
        assertThat(r.credible().lower()).isCloseTo(-0.02, within(5e-5));
        assertThat(r.credible().upper()).isCloseTo(0.12, within(5e-5));
        assertThat(r.chanceToWin()).isCloseTo(0.91923, within(5e-6));
        assertThat(r.riskControl()).isCloseTo(0.05131, within(5e-6));
        assertThat(r.riskTreatment()).isCloseTo(0.00131, within(5e-6));
        assertThat(Bayesian.chanceToWin(GB_LIFT, GaussianPrior.FLAT)).isEqualTo(r.chanceToWin());
    }

    @Test
    void informativePriorMatchesGbstats() {
        // test_bayesian_gaussian_ab_test_informative, GaussianPrior(mean=0.1, variance=0.1, proper=True):
        // expected=0.05063, ci=(-0.01893, 0.12019), stddev 0.03549, chanceToWin=0.92315, risk=[0.05186, 0.00123].
        BayesianResult r = Bayesian.readout(GB_LIFT, new GaussianPrior(0.1, 0.1, true), 0.05);
        assertThat(r.expected()).isCloseTo(0.05063, within(5e-6));
        assertThat(r.standardDeviation()).isCloseTo(0.03549, within(5e-6));
        assertThat(r.credible().lower()).isCloseTo(-0.01893, within(5e-6));
        assertThat(r.credible().upper()).isCloseTo(0.12019, within(5e-6));
        assertThat(r.chanceToWin()).isCloseTo(0.92315, within(5e-6));
        assertThat(r.riskControl()).isCloseTo(0.05186, within(5e-6));
        assertThat(r.riskTreatment()).isCloseTo(0.00123, within(5e-6));
    }

    @Test
    void riskIsTheExpectedLossOfEachChoice() {
        // E[max(δ, 0)] and E[max(−δ, 0)] of the posterior by Monte Carlo (10^6 seeded draws).
        Effect e = new Effect(Scale.RELATIVE, -0.01, 0.02, Double.POSITIVE_INFINITY, 10_000);
        BayesianResult r = Bayesian.readout(e, GaussianPrior.FLAT, 0.05);
        SplittableRandom rng = new SplittableRandom(5);
        double gain = 0;
        double loss = 0;
        int draws = 1_000_000;
        for (int i = 0; i < draws; i++) {
            double d = -0.01 + 0.02 * AsymptoticConfidenceSequenceTest.gaussian(rng);
            gain += Math.max(d, 0);
            loss += Math.max(-d, 0);
        }
        assertThat(r.riskControl()).isCloseTo(gain / draws, within(1e-4));
        assertThat(r.riskTreatment()).isCloseTo(loss / draws, within(1e-4));
        // E[max(δ,0)] − E[max(−δ,0)] = E[δ].
        assertThat(r.riskControl() - r.riskTreatment()).isCloseTo(-0.01, within(1e-12));
        assertThat(r.chanceToWin()).isLessThan(0.5);
    }

    @Test
    void withoutDataTheReadOutIsThePriorOrNothing() {
        Effect none = Effect.relative(VariantEstimate.of(MetricStats.EMPTY), VariantEstimate.of(MetricStats.EMPTY));
        BayesianResult flat = Bayesian.readout(none, GaussianPrior.FLAT, 0.05);
        assertThat(flat.chanceToWin()).isEqualTo(0.5);
        assertThat(flat.riskControl()).isZero();
        assertThat(flat.credible()).isEqualTo(Interval.ALL);
        BayesianResult prior = Bayesian.readout(none, new GaussianPrior(0.02, 0.0004, true), 0.05);
        assertThat(prior.expected()).isCloseTo(0.02, within(1e-15));
        assertThat(prior.chanceToWin()).isCloseTo(0.8413447460685429, within(1e-12)); // Φ(1)
    }
}
