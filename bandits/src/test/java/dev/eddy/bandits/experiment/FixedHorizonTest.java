package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FixedHorizonTest {

    /** gbstats' TestTwoSidedTTest fixture (growthbook/growthbook packages/stats/tests/frequentist/test_tests.py). */
    private static final MetricStats GB_A = MetricStats.ofMean(3407, 1396.87, 52377.9767);
    private static final MetricStats GB_B = MetricStats.ofMean(3461, 2422.7, 134698.29);

    @Test
    void matchesGbstatsTwoSidedTTestAbsolute() {
        Effect e = Effect.absolute(VariantEstimate.of(GB_A), VariantEstimate.of(GB_B));
        // expected=0.7 - 0.41, ci=(0.04538, 0.53462), stddev 0.12478, pValue=0.02016 (5 decimals in gbstats' test)
        assertThat(e.estimate()).isCloseTo(0.29, within(1e-5));
        assertThat(e.standardError()).isCloseTo(0.12478, within(5e-6));
        Interval ci = FixedHorizon.interval(e, 0.05);
        assertThat(ci.lower()).isCloseTo(0.04538, within(5e-6));
        assertThat(ci.upper()).isCloseTo(0.53462, within(5e-6));
        assertThat(FixedHorizon.pValue(e)).isCloseTo(0.02016, within(5e-6));
    }

    @Test
    void matchesGbstatsTwoSidedTTestRelative() {
        Effect e = Effect.relative(VariantEstimate.of(GB_A), VariantEstimate.of(GB_B));
        // expected=0.70732, ci=(-0.03526, 1.44989), stddev 0.37879, pValue=0.06191
        assertThat(e.estimate()).isCloseTo(0.70732, within(5e-6));
        assertThat(e.standardError()).isCloseTo(0.37879, within(5e-6));
        Interval ci = FixedHorizon.interval(e, 0.05);
        assertThat(ci.lower()).isCloseTo(-0.03526, within(5e-6));
        assertThat(ci.upper()).isCloseTo(1.44989, within(5e-6));
        assertThat(FixedHorizon.pValue(e)).isCloseTo(0.06191, within(5e-6));
    }

    @Test
    void matchesWelchOnRawData() {
        // scipy 1.17.1 (R's t.test(b, a) computes the same Welch test):
        //   python3 -c "from scipy import stats; import numpy as np; a=np.array([5.1,4.9,6.2,5.8,6.0,5.5,5.3,4.7,5.9,6.1]);
        //     b=np.array([6.3,5.7,6.8,6.1,7.0,5.9,6.4,6.6,5.8,7.2,6.0,6.9]); r=stats.ttest_ind(b,a,equal_var=False);
        //     print(r.statistic, r.pvalue, r.df, r.confidence_interval(0.95))"
        //   t=3.78924970247957 p=0.00124716378813079 df=18.9236220755968 ci=(0.37663794726343, 1.3066953860699)
        double[] a = {5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 4.7, 5.9, 6.1};
        double[] b = {6.3, 5.7, 6.8, 6.1, 7.0, 5.9, 6.4, 6.6, 5.8, 7.2, 6.0, 6.9};
        Effect e = Effect.absolute(VariantEstimate.of(stats(a)), VariantEstimate.of(stats(b)));
        assertThat(e.estimate() / e.standardError()).isCloseTo(3.78924970247957, within(1e-10));
        assertThat(e.degreesOfFreedom()).isCloseTo(18.9236220755968, within(1e-9));
        assertThat(FixedHorizon.pValue(e)).isCloseTo(0.00124716378813079, within(1e-12));
        Interval ci = FixedHorizon.interval(e, 0.05);
        assertThat(ci.lower()).isCloseTo(0.37663794726343, within(1e-10));
        assertThat(ci.upper()).isCloseTo(1.3066953860699, within(1e-10));
        // The normal reference is narrower than t with 19 degrees of freedom.
        assertThat(FixedHorizon.interval(e.withNormalReference(), 0.05).width()).isLessThan(ci.width());
    }

    @Test
    void ratioMetricMatchesGbstatsFormulasOnRawData() {
        // gbstats' formulas (growthbook/growthbook packages/stats/gbstats: models/statistics.py RatioStatistic,
        // utils.variance_of_ratios, frequentist/tests.py TwoSidedTTest with difference_type absolute / relative)
        // evaluated with numpy 2.4.6 / scipy 1.17.1 on these users (clicks y, exposures x):
        //   absolute est=0.102022471910112 se=0.0438171812988777 dof=16.6031939993406 p=0.0328109068341338
        //            ci=(0.00940770920749119, 0.194637234612733)
        //   relative est=0.364365971107544 se=0.196175578793363 p=0.0810906078006142
        //            ci=(-0.0502831263336478, 0.779015068548736)
        MetricStats control = ratio(new double[] {3, 0, 2, 5, 1, 0, 4, 2, 3, 1}, new double[] {10, 4, 8, 12, 6, 3, 11, 7, 9, 5});
        MetricStats treatment = ratio(new double[] {4, 1, 3, 6, 2, 1, 5, 3, 2, 4, 3}, new double[] {9, 5, 8, 13, 6, 4, 10, 8, 7, 10, 9});
        VariantEstimate c = VariantEstimate.of(control);
        VariantEstimate t = VariantEstimate.of(treatment);
        Effect abs = Effect.absolute(c, t);
        assertThat(abs.estimate()).isCloseTo(0.102022471910112, within(1e-13));
        assertThat(abs.standardError()).isCloseTo(0.0438171812988777, within(1e-13));
        assertThat(abs.degreesOfFreedom()).isCloseTo(16.6031939993406, within(1e-9));
        assertThat(FixedHorizon.pValue(abs)).isCloseTo(0.0328109068341338, within(1e-11));
        Interval absCi = FixedHorizon.interval(abs, 0.05);
        assertThat(absCi.lower()).isCloseTo(0.00940770920749119, within(1e-11));
        assertThat(absCi.upper()).isCloseTo(0.194637234612733, within(1e-11));
        Effect rel = Effect.relative(c, t);
        assertThat(rel.estimate()).isCloseTo(0.364365971107544, within(1e-13));
        assertThat(rel.standardError()).isCloseTo(0.196175578793363, within(1e-13));
        assertThat(FixedHorizon.pValue(rel)).isCloseTo(0.0810906078006142, within(1e-11));
        Interval relCi = FixedHorizon.interval(rel, 0.05);
        assertThat(relCi.lower()).isCloseTo(-0.0502831263336478, within(1e-11));
        assertThat(relCi.upper()).isCloseTo(0.779015068548736, within(1e-11));
    }

    @Test
    void ratioDeltaMethodStandardErrorMatchesTheSpreadOfSimulatedRatios() {
        // Users with Poisson(3) exposures and Binomial(exposures, 0.2 + 0.1·u) clicks, u uniform per user: the
        // delta-method standard error of Σy/Σx (averaged over experiments) against the standard deviation of the
        // ratio across 2,000 experiments of 400 users.
        SplittableRandom rng = new SplittableRandom(7);
        int experiments = 2000;
        double sum = 0;
        double sum2 = 0;
        double seSum = 0;
        for (int e = 0; e < experiments; e++) {
            MetricStats s = MetricStats.EMPTY;
            for (int u = 0; u < 400; u++) {
                int x = 1 + poisson(rng, 2);
                double rate = 0.2 + 0.1 * rng.nextDouble();
                int y = 0;
                for (int k = 0; k < x; k++) if (rng.nextDouble() < rate) y++;
                s = s.plusUser(y, x, 0);
            }
            double r = s.ratio();
            sum += r;
            sum2 += r * r;
            seSum += Math.sqrt(VariantEstimate.of(s).varianceOfMean());
        }
        double sd = Math.sqrt((sum2 - sum * sum / experiments) / (experiments - 1));
        assertThat(seSum / experiments / sd).isCloseTo(1, within(0.05));
    }

    @Test
    void undefinedEffectsGiveNoEvidence() {
        Effect tooFew = Effect.absolute(VariantEstimate.of(MetricStats.ofProportion(1, 1)),
                VariantEstimate.of(MetricStats.ofProportion(100, 10)));
        assertThat(tooFew.defined()).isFalse();
        assertThat(FixedHorizon.pValue(tooFew)).isEqualTo(1);
        assertThat(FixedHorizon.interval(tooFew, 0.05)).isEqualTo(Interval.ALL);
        Effect zeroBaseline = Effect.relative(VariantEstimate.of(MetricStats.ofProportion(100, 0)),
                VariantEstimate.of(MetricStats.ofProportion(100, 10)));
        assertThat(zeroBaseline.defined()).isFalse();
        // No conversions anywhere: no variance, no effect to speak of.
        Effect none = Effect.absolute(VariantEstimate.of(MetricStats.ofProportion(100, 0)),
                VariantEstimate.of(MetricStats.ofProportion(100, 0)));
        assertThat(none.defined()).isFalse();
        // A treatment mean of 0 makes the lift's variance exactly 0, not a rounding residue that looks significant.
        Effect zeroTreatment = Effect.relative(VariantEstimate.of(MetricStats.ofProportion(14, 2)),
                VariantEstimate.of(MetricStats.ofProportion(9, 0)));
        assertThat(zeroTreatment.standardError()).isZero();
        assertThat(zeroTreatment.defined()).isFalse();
    }

    static MetricStats stats(double[] values) {
        MetricStats s = MetricStats.EMPTY;
        for (double v : values) s = s.plusUser(v);
        return s;
    }

    private static MetricStats ratio(double[] y, double[] x) {
        MetricStats s = MetricStats.EMPTY;
        for (int i = 0; i < y.length; i++) s = s.plusUser(y[i], x[i], 0);
        return s;
    }

    private static int poisson(SplittableRandom rng, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
