package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricAnalysisTest {

    @Test
    void aLookCombinesTheMethodsOnTheSameEffect() {
        MetricStats control = MetricStats.ofProportion(50_000, 5_000);
        MetricStats treatment = MetricStats.ofProportion(50_000, 5_400);
        AnalysisSettings settings = AnalysisSettings.defaults();
        MetricResult r = MetricAnalysis.analyze(List.of(control, treatment), settings, null);
        assertThat(r.controlN()).isEqualTo(50_000);
        assertThat(r.controlMean()).isEqualTo(0.1);
        assertThat(r.cuped()).isNull();
        VariantResult v = r.treatments().get(0);
        assertThat(v.variant()).isEqualTo(1);
        assertThat(v.mean()).isEqualTo(0.108);
        Effect abs = Effect.absolute(VariantEstimate.of(control), VariantEstimate.of(treatment));
        Effect rel = Effect.relative(VariantEstimate.of(control), VariantEstimate.of(treatment));
        assertThat(v.absolute().effect()).isEqualTo(abs);
        assertThat(v.relative().effect()).isEqualTo(rel);
        assertThat(v.relative().effect().estimate()).isCloseTo(0.08, within(1e-12));
        assertThat(v.pValue()).isEqualTo(FixedHorizon.pValue(abs));
        assertThat(v.absolute().interval()).isEqualTo(FixedHorizon.interval(abs, 0.05));
        AsymptoticConfidenceSequence cs = new AsymptoticConfidenceSequence(0.05, 5000);
        assertThat(v.sequentialPValue()).isEqualTo(cs.pValue(abs));
        assertThat(v.relative().sequentialInterval()).isEqualTo(cs.interval(rel));
        assertThat(v.msprtPValue()).isEqualTo(Msprt.forLift(0.05, 0.104).pValue(abs));
        assertThat(v.bayesian()).isEqualTo(Bayesian.readout(rel, GaussianPrior.FLAT, 0.05));
        // An 8 % lift on 100,000 users (z ≈ 4.1): significant for every method.
        assertThat(v.pValue()).isLessThan(1e-4);
        assertThat(v.sequentialPValue()).isLessThan(0.05);
        assertThat(v.msprtPValue()).isLessThan(0.05);
        assertThat(v.bayesian().chanceToWin()).isGreaterThan(0.999);
        assertThat(v.absolute().sequentialInterval().width()).isGreaterThan(v.absolute().interval().width());
    }

    @Test
    void anEffectThatAppearsLaterIsFollowedNotHiddenByEarlierLooks() {
        // No effect for 20 looks, then the treatment doubles the rate (a model loaded, a latency rose): the estimate
        // stays inside its always-valid interval at every look, and the interval ends up excluding no effect.
        SplittableRandom rng = new SplittableRandom(7);
        long[] n = new long[2];
        long[] s = new long[2];
        MetricResult previous = null;
        int restarts = 0;
        for (int look = 0; look < 60; look++) {
            for (int u = 0; u < 2_000; u++) {
                int arm = rng.nextInt(2);
                double rate = arm == 1 && look >= 20 ? 0.2 : 0.1;
                n[arm]++;
                if (rng.nextDouble() < rate) s[arm]++;
            }
            MetricResult r = MetricAnalysis.analyze(List.of(MetricStats.ofProportion(n[0], s[0]),
                    MetricStats.ofProportion(n[1], s[1])), AnalysisSettings.defaults(), previous);
            VariantResult v = r.treatments().get(0);
            for (EffectResult e : new EffectResult[] {v.absolute(), v.relative()}) {
                assertThat(e.sequentialInterval().contains(e.effect().estimate())).as("look %d: %s", look, e).isTrue();
            }
            if (previous != null && v.relative().sequentialInterval().width()
                    > previous.treatments().get(0).relative().sequentialInterval().width()) {
                restarts++;
            }
            previous = r;
        }
        VariantResult last = previous.treatments().get(0);
        assertThat(restarts).as("looks that started again from their own interval").isPositive();
        assertThat(last.relative().sequentialInterval().lower()).isGreaterThan(0.3);
        assertThat(last.sequentialPValue()).isLessThan(0.05);
        assertThat(Guardrail.atMost("rate", Scale.RELATIVE, 0.1).check(last)).isEqualTo(Guardrail.Status.VIOLATED);
    }

    @Test
    void alwaysValidOutputsAreMonotoneOverLooks() {
        // An A/A stream looked at every 500 users: the sequential p-values never rise and the sequences never widen,
        // while the fixed-horizon p-value wanders.
        SplittableRandom rng = new SplittableRandom(4);
        long[] n = new long[2];
        long[] s = new long[2];
        MetricResult previous = null;
        double fixedMin = 1;
        double fixedMax = 0;
        for (int look = 0; look < 60; look++) {
            for (int u = 0; u < 500; u++) {
                int arm = rng.nextInt(2);
                n[arm]++;
                if (rng.nextDouble() < 0.1) s[arm]++;
            }
            MetricResult r = MetricAnalysis.analyze(List.of(MetricStats.ofProportion(n[0], s[0]),
                    MetricStats.ofProportion(n[1], s[1])), AnalysisSettings.defaults(), previous);
            VariantResult v = r.treatments().get(0);
            if (previous != null) {
                VariantResult p = previous.treatments().get(0);
                assertThat(v.sequentialPValue()).isLessThanOrEqualTo(p.sequentialPValue());
                assertThat(v.msprtPValue()).isLessThanOrEqualTo(p.msprtPValue());
                for (EffectResult[] pair : new EffectResult[][] {{p.absolute(), v.absolute()}, {p.relative(), v.relative()}}) {
                    assertThat(pair[1].sequentialInterval().lower()).isGreaterThanOrEqualTo(pair[0].sequentialInterval().lower());
                    assertThat(pair[1].sequentialInterval().upper()).isLessThanOrEqualTo(pair[0].sequentialInterval().upper());
                }
            }
            fixedMin = Math.min(fixedMin, v.pValue());
            fixedMax = Math.max(fixedMax, v.pValue());
            previous = r;
        }
        assertThat(fixedMax - fixedMin).isGreaterThan(0.1);
    }

    @Test
    void severalTreatmentsAndCuped() {
        SplittableRandom rng = new SplittableRandom(8);
        MetricStats[] arms = {MetricStats.EMPTY, MetricStats.EMPTY, MetricStats.EMPTY};
        double[] effects = {0, 0.1, -0.1};
        for (int u = 0; u < 6000; u++) {
            int arm = u % 3;
            double c = AsymptoticConfidenceSequenceTest.gaussian(rng);
            double y = 5 + effects[arm] + 0.8 * c + 0.6 * AsymptoticConfidenceSequenceTest.gaussian(rng);
            arms[arm] = arms[arm].plusUser(y, 1, c);
        }
        List<MetricStats> variants = List.of(arms);
        MetricResult plain = MetricAnalysis.analyze(variants, AnalysisSettings.defaults(), null);
        MetricResult cuped = MetricAnalysis.analyze(variants, AnalysisSettings.defaults().withCuped(true), null);
        assertThat(cuped.cuped()).isEqualTo(Cuped.fit(variants));
        assertThat(cuped.cuped().correlation()).isCloseTo(0.8, within(0.03));
        assertThat(cuped.treatments()).hasSize(2);
        for (int v = 0; v < 2; v++) {
            Effect before = plain.treatments().get(v).absolute().effect();
            Effect after = cuped.treatments().get(v).absolute().effect();
            // 1 − ρ² = 0.36 of the variance: the standard error drops to about 0.6 of what it was.
            assertThat(after.standardError() / before.standardError()).isCloseTo(0.6, within(0.05));
            assertThat(after.estimate()).isCloseTo(effects[v + 1], within(4 * after.standardError()));
        }
        assertThat(cuped.treatments().get(1).bayesian().chanceToWin()).isLessThan(0.01);
    }

    @Test
    void rejectsMismatchedLooks() {
        List<MetricStats> two = List.of(MetricStats.ofProportion(100, 10), MetricStats.ofProportion(100, 12));
        MetricResult first = MetricAnalysis.analyze(two, AnalysisSettings.defaults(), null);
        List<MetricStats> three = List.of(two.get(0), two.get(1), two.get(1));
        assertThatThrownBy(() -> MetricAnalysis.analyze(three, AnalysisSettings.defaults(), first))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricAnalysis.analyze(List.of(two.get(0)), AnalysisSettings.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
