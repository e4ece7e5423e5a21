package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SampleRatioTest {

    @Test
    void chiSquaredMatchesScipy() {
        // python3 -c "from scipy import stats; import numpy as np; o=[5020,4890,10090];
        //   print(stats.chisquare(o, f_exp=np.array([.25,.25,.5])*sum(o)), stats.chisquare([50400,49600]),
        //         stats.chisquare([10300,9700]))"   (scipy 1.17.1)
        //   statistic=3.31 p=0.1910920557054647; statistic=6.4 p=0.01141203638600166; statistic=18 p=2.2090496998585475e-05
        assertThat(SampleRatio.chiSquaredPValue(new long[] {5020, 4890, 10090}, new double[] {1, 1, 2}))
                .isCloseTo(0.1910920557054647, within(1e-14));
        assertThat(SampleRatio.chiSquaredPValue(new long[] {50400, 49600}, new double[] {0.5, 0.5}))
                .isCloseTo(0.01141203638600166, within(1e-14));
        double p = SampleRatio.chiSquaredPValue(new long[] {10300, 9700}, new double[] {50, 50});
        assertThat(p).isCloseTo(2.2090496998585475e-05, within(1e-17));
        assertThat(p).isLessThan(SampleRatio.ALERT_LEVEL);
    }

    @Test
    void chiSquaredLeavesOutVariantsOfWeightZero() {
        assertThat(SampleRatio.chiSquaredPValue(new long[] {50400, 0, 49600}, new double[] {0.5, 0, 0.5}))
                .isCloseTo(0.01141203638600166, within(1e-14));
        assertThat(SampleRatio.chiSquaredPValue(new long[] {0, 0}, new double[] {1, 1})).isEqualTo(1);
        assertThatThrownBy(() -> SampleRatio.chiSquaredPValue(new long[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sequentialTestMatchesGbstatsSsrm() {
        // gbstats' ssrm.sequential_p_values (growthbook/growthbook packages/stats/gbstats/ssrm.py, spike prior only,
        // dirichlet_concentration 10000), transcribed into a scratch script and run with scipy 1.17.1's gammaln, on
        // these daily batches; it returns the running minimum of 1/BF after each batch (and ln BF):
        //   [[510,490],[1020,980],[980,1050],[1100,900],[1150,850]], p0 [.5,.5]:
        //     p  1.0, 0.9927416895499656, 0.9927416895499656, 0.4521358841275021, 0.00250927462256367
        //     lnBF -0.02947388142001728, 0.007284780146619596, -0.20041302041045128, 0.7937725157289606, 5.987761562600099
        //   [[260,240,500],[240,270,490],[300,220,480],[330,210,460]], p0 [.25,.25,.5], concentration 100:
        //     p  1.0, 1.0, 1.0, 0.000759211370704236
        assertRun(new long[][] {{510, 490}, {1020, 980}, {980, 1050}, {1100, 900}, {1150, 850}},
                new double[] {0.5, 0.5}, SequentialSampleRatioTest.DEFAULT_CONCENTRATION,
                new double[] {1.0, 0.9927416895499656, 0.9927416895499656, 0.4521358841275021, 0.00250927462256367},
                5.987761562600099);
        SequentialSampleRatioTest last = assertRun(
                new long[][] {{260, 240, 500}, {240, 270, 490}, {300, 220, 480}, {330, 210, 460}},
                new double[] {1, 1, 2}, 100, new double[] {1.0, 1.0, 1.0, 0.000759211370704236}, 7.183230333562278);
        assertThat(last.alert()).isTrue();
    }

    /** Feeds cumulative counts of the batches and checks the p-values and the last ln BF. */
    private static SequentialSampleRatioTest assertRun(long[][] batches, double[] weights, double concentration,
                                                       double[] pValues, double lastLogBf) {
        SequentialSampleRatioTest test = SequentialSampleRatioTest.start(weights, concentration);
        long[] cumulative = new long[weights.length];
        for (int b = 0; b < batches.length; b++) {
            for (int i = 0; i < cumulative.length; i++) cumulative[i] += batches[b][i];
            test = test.update(cumulative.clone());
            assertThat(test.pValue()).as("batch %d", b).isCloseTo(pValues[b], within(Math.max(1e-12, pValues[b] * 1e-9)));
        }
        assertThat(test.logBayesFactor()).isCloseTo(lastLogBf, within(1e-9));
        return test;
    }

    @Test
    void rarelyAlarmsUnderTheConfiguredSplitAndFindsARealMismatch() {
        // 300 experiments, a look after every 100 of 20,000 users: false alarms at the 50/50 split stay within the
        // 0.001 level's 3-SE band (at most 1 in 300), while a 48/52 split is caught in more than 80 % of them.
        SplittableRandom rng = new SplittableRandom(9);
        int runs = 300;
        int falseAlarms = 0;
        int detections = 0;
        for (int r = 0; r < runs; r++) {
            if (alarms(rng, 0.5)) falseAlarms++;
            if (alarms(rng, 0.52)) detections++;
        }
        assertThat(falseAlarms).isLessThanOrEqualTo(1);
        assertThat(detections).isGreaterThan(runs * 4 / 5);
    }

    private static boolean alarms(SplittableRandom rng, double share) {
        SequentialSampleRatioTest test = SequentialSampleRatioTest.start(new double[] {1, 1});
        long[] counts = new long[2];
        for (int u = 1; u <= 20_000; u++) {
            counts[rng.nextDouble() < share ? 1 : 0]++;
            if (u % 100 == 0) {
                test = test.update(counts);
                if (test.alert()) return true;
            }
        }
        return false;
    }

    @Test
    void bayesFactorOfCumulativeCountsIsTheProductOverBatches() {
        // The Dirichlet-multinomial predictive of batch after batch telescopes: computing ln BF of the totals equals
        // summing the per-batch ln BF with the Dirichlet updated by the earlier batches.
        long[][] batches = {{30, 10, 5}, {3, 40, 20}, {11, 12, 13}};
        double[] p = {0.2, 0.5, 0.3};
        double concentration = 50;
        double sum = 0;
        long[] cumulative = new long[3];
        for (long[] batch : batches) {
            double[] alpha = new double[3];
            for (int i = 0; i < 3; i++) alpha[i] = concentration * p[i] + cumulative[i];
            sum += logDirichletMultinomialRatio(batch, alpha, p);
            for (int i = 0; i < 3; i++) cumulative[i] += batch[i];
        }
        assertThat(SequentialSampleRatioTest.logBayesFactor(cumulative, p, concentration)).isCloseTo(sum, within(1e-9));
    }

    /** ln [B(α + x)/B(α)] − Σ x ln p for one batch, from ln Γ sums written out. */
    private static double logDirichletMultinomialRatio(long[] x, double[] alpha, double[] p) {
        double sumAlpha = 0;
        long n = 0;
        double v = 0;
        for (int i = 0; i < x.length; i++) {
            sumAlpha += alpha[i];
            n += x[i];
            v += org.apache.commons.numbers.gamma.LogGamma.value(alpha[i] + x[i])
                    - org.apache.commons.numbers.gamma.LogGamma.value(alpha[i]) - x[i] * Math.log(p[i]);
        }
        return v + org.apache.commons.numbers.gamma.LogGamma.value(sumAlpha)
                - org.apache.commons.numbers.gamma.LogGamma.value(sumAlpha + n);
    }
}
