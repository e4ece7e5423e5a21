package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CupedTest {

    @Test
    void matchesGbstatsRegressionAdjustedSequentialTest() {
        // gbstats' TestSequentialTTest.test_sequential_test_runs_ra (growthbook/growthbook
        // packages/stats/tests/frequentist/test_tests.py): RegressionAdjustedStatistic with these post and pre
        // statistics and post_pre_sum_of_products=1, θ pooled, default tuning 5000, relative:
        // expected=0.50338, ci=(-0.50969, 1.51646), stddev 0.33341.
        MetricStats a = MetricStats.ofMean(3000, 1396.87, 52377.9767, 16.87, 527.9767, 1);
        MetricStats b = MetricStats.ofMean(3461, 2422.7, 134698.29, 22.7, 1348.29, 1);
        Cuped cuped = Cuped.fit(List.of(a, b));
        Effect e = Effect.relative(cuped.adjust(a), cuped.adjust(b));
        assertThat(e.estimate()).isCloseTo(0.50338, within(5e-6));
        assertThat(e.standardError()).isCloseTo(0.33341, within(5e-6));
        // The interval agrees to 1.3e-5: gbstats' frequentist_variance_relative_cuped takes the lift's derivative in
        // control's mean as −ȳ_t/ȳ_c² (treatment's unadjusted mean), Effect the exact −(ȳ_c + D)/ȳ_c² with D the
        // adjusted difference; here se 0.333412 against 0.333415 (gbstats' formula evaluated with numpy gives its
        // −0.5096942 and 1.5164622, the exact derivative −0.5097025 and 1.5164705).
        Interval ci = new AsymptoticConfidenceSequence(0.05, 5000).interval(e);
        assertThat(ci.lower()).isCloseTo(-0.50969, within(2e-5));
        assertThat(ci.upper()).isCloseTo(1.51646, within(2e-5));
        assertThat(ci.lower()).isCloseTo(-0.5097024978393927, within(1e-12));
        assertThat(ci.upper()).isCloseTo(1.5164704890433867, within(1e-12));
    }

    @Test
    void thetaIsThePooledRegressionSlope() {
        double[][] control = {{3, 1}, {5, 2}, {4, 2}, {7, 4}, {2, 0}};
        double[][] treatment = {{6, 2}, {4, 1}, {8, 4}, {5, 3}};
        MetricStats c = MetricStats.EMPTY;
        MetricStats t = MetricStats.EMPTY;
        for (double[] u : control) c = c.plusUser(u[0], 1, u[1]);
        for (double[] u : treatment) t = t.plusUser(u[0], 1, u[1]);
        // Least squares of y on c over all nine users, two-pass.
        double my = 0;
        double mc = 0;
        for (double[][] arm : new double[][][] {control, treatment}) for (double[] u : arm) { my += u[0]; mc += u[1]; }
        my /= 9;
        mc /= 9;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[][] arm : new double[][][] {control, treatment}) {
            for (double[] u : arm) {
                sxy += (u[1] - mc) * (u[0] - my);
                sxx += (u[1] - mc) * (u[1] - mc);
                syy += (u[0] - my) * (u[0] - my);
            }
        }
        Cuped cuped = Cuped.fit(List.of(c, t));
        assertThat(cuped.theta()).isCloseTo(sxy / sxx, within(1e-12));
        assertThat(cuped.correlation()).isCloseTo(sxy / Math.sqrt(sxx * syy), within(1e-12));
        assertThat(cuped.covariateMean()).isCloseTo(mc, within(1e-12));
        // The adjusted difference is the raw difference minus θ times the covariate's difference.
        double raw = t.meanY() - c.meanY();
        double adjusted = cuped.adjust(t).mean() - cuped.adjust(c).mean();
        assertThat(adjusted).isCloseTo(raw - cuped.theta() * (t.meanC() - c.meanC()), within(1e-12));
    }

    @Test
    void removesAFractionRhoSquaredOfTheVarianceOfSimulatedExperiments() {
        // Users with y = 10 + δ + ρ·c + sqrt(1 − ρ²)·e, c and e standard normal, so corr(y, c) = ρ = 0.5: CUPED should
        // keep 1 − ρ² = 0.75 of the variance. Measured both ways over 2,000 experiments of 500 + 500 users with a
        // true difference δ = 0.05: the spread of the estimated differences across experiments, and the variance
        // the formula reports.
        double rho = 0.5;
        SplittableRandom rng = new SplittableRandom(17);
        int experiments = 2000;
        double[] raw = new double[experiments];
        double[] adjusted = new double[experiments];
        double formulaRatio = 0;
        for (int x = 0; x < experiments; x++) {
            MetricStats c = MetricStats.EMPTY;
            MetricStats t = MetricStats.EMPTY;
            for (int u = 0; u < 500; u++) {
                c = withUser(c, rng, rho, 0);
                t = withUser(t, rng, rho, 0.05);
            }
            Cuped cuped = Cuped.fit(List.of(c, t));
            Effect plain = Effect.absolute(VariantEstimate.of(c), VariantEstimate.of(t));
            Effect reduced = Effect.absolute(cuped.adjust(c), cuped.adjust(t));
            raw[x] = plain.estimate();
            adjusted[x] = reduced.estimate();
            formulaRatio += reduced.variance() / plain.variance() / experiments;
        }
        double empiricalRatio = variance(adjusted) / variance(raw);
        System.out.printf(Locale.ROOT, "CUPED rho=%.2f: expected variance ratio %.3f, empirical %.3f (across %d "
                        + "experiments), formula %.3f; mean adjusted difference %.4f (true 0.05)%n",
                rho, 1 - rho * rho, empiricalRatio, experiments, formulaRatio, mean(adjusted));
        assertThat(empiricalRatio).isCloseTo(0.75, within(0.05));
        assertThat(formulaRatio).isCloseTo(0.75, within(0.01));
        // Unbiased: the mean adjusted difference is within 4 standard errors of the truth.
        assertThat(mean(adjusted)).isCloseTo(0.05, within(4 * Math.sqrt(variance(adjusted) / experiments)));
    }

    private static MetricStats withUser(MetricStats s, SplittableRandom rng, double rho, double effect) {
        double c = AsymptoticConfidenceSequenceTest.gaussian(rng);
        double y = 10 + effect + rho * c + Math.sqrt(1 - rho * rho) * AsymptoticConfidenceSequenceTest.gaussian(rng);
        return s.plusUser(y, 1, c);
    }

    @Test
    void aCovariateThatDoesNotVaryChangesNothing() {
        MetricStats a = MetricStats.ofMean(1000, 120, 120);
        MetricStats b = MetricStats.ofMean(1000, 135, 135);
        Cuped cuped = Cuped.fit(List.of(a, b));
        assertThat(cuped.theta()).isZero();
        assertThat(cuped.adjust(a)).isEqualTo(VariantEstimate.of(a));
        assertThat(cuped.expectedVarianceRatio()).isEqualTo(1);
    }

    @Test
    void adjustsRatioMetricsThroughTheirLinearisation() {
        // Clicks per exposure with a pre-period clicks-per-exposure covariate: CUPED keeps the ratio's estimate
        // unbiased across experiments and reduces its variance when the covariate is correlated with the user's rate.
        SplittableRandom rng = new SplittableRandom(23);
        int experiments = 800;
        double[] raw = new double[experiments];
        double[] adjusted = new double[experiments];
        for (int x = 0; x < experiments; x++) {
            MetricStats c = MetricStats.EMPTY;
            MetricStats t = MetricStats.EMPTY;
            for (int u = 0; u < 400; u++) {
                boolean treated = u % 2 == 0;
                double rate = 0.1 + 0.3 * rng.nextDouble();
                int exposures = 5 + rng.nextInt(10);
                int clicks = 0;
                for (int k = 0; k < exposures; k++) if (rng.nextDouble() < rate) clicks++;
                double pre = rate + 0.05 * AsymptoticConfidenceSequenceTest.gaussian(rng);
                if (treated) t = t.plusUser(clicks, exposures, pre); else c = c.plusUser(clicks, exposures, pre);
            }
            Cuped cuped = Cuped.fit(List.of(c, t));
            raw[x] = Effect.absolute(VariantEstimate.of(c), VariantEstimate.of(t)).estimate();
            adjusted[x] = Effect.absolute(cuped.adjust(c), cuped.adjust(t)).estimate();
        }
        assertThat(variance(adjusted) / variance(raw)).isLessThan(0.8);
        assertThat(mean(adjusted)).isCloseTo(0, within(4 * Math.sqrt(variance(adjusted) / experiments)));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }
}
