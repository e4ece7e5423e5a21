package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every estimator on logs small enough to work out on paper (the arithmetic is in the comments). */
class HandComputedTest {

    // TinyLog: weights 1, 2, 0, 2; q̂ = (0.6, 0.2, 0.9); π = (½, ½, 0) → Σ_a π q̂ = 0.4 for every sample.
    // Residuals r − q̂(a_i): 0.4, −0.2, 0.1, −0.6; w·residual: 0.4, −0.4, 0, −1.2 (sum −1.2).

    @Test
    void directMethod() {
        Estimate dm = new DirectMethod(TinyLog.MODEL).estimate(TinyLog.samples());
        assertThat(dm.value()).isCloseTo(0.4, within(1e-12));
        assertThat(dm.effectiveSampleSize()).isCloseTo(4, within(1e-12));
        assertThat(dm.maxImportanceWeight()).isEqualTo(1);
        // Every sample contributes the same 0.4, so every bootstrap draw does too.
        assertThat(dm.lower()).isCloseTo(0.4, within(1e-12));
        assertThat(dm.upper()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void doublyRobust() {
        // 0.4 + (−1.2)/4
        assertThat(DoublyRobust.standard(TinyLog.MODEL).terms(TinyLog.samples()).value())
                .isCloseTo(0.1, within(1e-12));
    }

    @Test
    void selfNormalizedDoublyRobust() {
        // 0.4 + (−1.2)/(1 + 2 + 0 + 2)
        assertThat(DoublyRobust.selfNormalized(TinyLog.MODEL).terms(TinyLog.samples()).value())
                .isCloseTo(0.16, within(1e-12));
    }

    @Test
    void switchDoublyRobust() {
        // τ = 1.5 keeps only the first correction (w = 1): 0.4 + 0.4/4. τ = 2 is DR, τ = 0 is DM.
        EstimatorTerms t = DoublyRobust.switching(TinyLog.MODEL, 1.5).terms(TinyLog.samples());
        assertThat(t.value()).isCloseTo(0.5, within(1e-12));
        assertThat(t.maxImportanceWeight()).isEqualTo(1);
        assertThat(DoublyRobust.switching(TinyLog.MODEL, 2).terms(TinyLog.samples()).value())
                .isCloseTo(0.1, within(1e-12));
        assertThat(DoublyRobust.switching(TinyLog.MODEL, 0).terms(TinyLog.samples()).value())
                .isCloseTo(0.4, within(1e-12));
    }

    @Test
    void doublyRobustWithOptimisticShrinkage() {
        // λ = 2: w' = 2w/(w² + 2) = 2/3 for w = 1 and w = 2 → 0.4 + (2/3)(0.4 − 0.2 − 0.6)/4 = 0.4 − 1/15.
        assertThat(DoublyRobust.optimisticShrinkage(TinyLog.MODEL, 2).terms(TinyLog.samples()).value())
                .isCloseTo(0.4 - 1.0 / 15, within(1e-12));
        assertThat(DoublyRobust.optimisticShrinkage(TinyLog.MODEL, Double.POSITIVE_INFINITY)
                .terms(TinyLog.samples()).value()).isCloseTo(0.1, within(1e-12));
        assertThat(DoublyRobust.optimisticShrinkage(TinyLog.MODEL, 0).terms(TinyLog.samples()).value())
                .isCloseTo(0.4, within(1e-12));
    }

    @Test
    void sndrFallsBackToDmWhenNoSampleCarriesWeight() {
        double[] target = {0, 0, 1};
        List<LoggedSample> log = List.of(LoggedSample.of(1, 0, 0.5, target), LoggedSample.of(0, 1, 0.5, target));
        assertThat(DoublyRobust.selfNormalized(TinyLog.MODEL).terms(log).value()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void replayKeepsEventsWhereTheTargetAgreesWithTheLogger() {
        // Uniform log over 2 actions; argmax picks 0, 0, 1, 1, 0 → kept events 1, 4, 5 with rewards 1, 1, 0.
        List<LoggedSample> log = List.of(
                LoggedSample.of(1, 0, 0.5, new double[] {0.8, 0.2}),
                LoggedSample.of(0, 1, 0.5, new double[] {0.8, 0.2}),
                LoggedSample.of(0, 0, 0.5, new double[] {0.3, 0.7}),
                LoggedSample.of(1, 1, 0.5, new double[] {0.3, 0.7}),
                LoggedSample.of(0, 0, 0.5, new double[] {0.9, 0.1}));
        EstimatorTerms t = Replay.argmax().terms(log);
        assertThat(t.value()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(t.effectiveSampleSize()).isCloseTo(3, within(1e-12));
    }

    @Test
    void replayWithADeterministicTargetSamplesItsAction() {
        List<LoggedSample> log = List.of(
                LoggedSample.of(1, 0, 0.5, new double[] {1, 0}),
                LoggedSample.of(0, 1, 0.5, new double[] {0, 1}),
                LoggedSample.of(1, 1, 0.5, new double[] {1, 0}));
        assertThat(Replay.sampling(7).terms(log).value()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void replayRefusesNonUniformLogs() {
        List<LoggedSample> log = List.of(LoggedSample.of(1, 0, 0.9, new double[] {0.5, 0.5}));
        assertThatThrownBy(() -> Replay.argmax().terms(log)).hasMessageContaining("uniform");
    }

    /**
     * Two slates of two slots, listed out of position order. Weights: slate A w₀ = 0.8/0.5 = 1.6, w₁ = 0.75/0.5 =
     * 1.5; slate B w₀ = 0.2/0.5 = 0.4, w₁ = 0.9/0.25 = 3.6. Rewards A: 1, 1; B: 0, 1.
     */
    static List<LoggedSample> slates() {
        return List.of(
                LoggedSample.slot(7, 1, 1, 1, 0.5, new double[] {0.25, 0.75}),
                LoggedSample.slot(9, 0, 0, 1, 0.5, new double[] {0.8, 0.2}),
                LoggedSample.slot(7, 0, 1, 0, 0.5, new double[] {0.8, 0.2}),
                LoggedSample.slot(9, 1, 1, 0, 0.25, new double[] {0.9, 0.1}));
    }

    @Test
    void independentPositionIps() {
        // (1.6·1 + 1.5·1 + 0.4·0 + 3.6·1) / 4
        EstimatorTerms t = SlateIps.independent().terms(slates());
        assertThat(t.value()).isCloseTo(6.7 / 4, within(1e-12));
        assertThat(t.value()).isCloseTo(new Ips().terms(slates()).value(), within(1e-12));
        assertThat(t.units()).isEqualTo(2);
    }

    @Test
    void rewardInteractionIps() {
        // A: 1.6·1, 1.6·1.5·1 = 2.4; B: 0.4·0, 0.4·3.6·1 = 1.44 → 5.44 / 4
        EstimatorTerms t = SlateIps.rewardInteraction().terms(slates());
        assertThat(t.value()).isCloseTo(5.44 / 4, within(1e-12));
        assertThat(t.maxImportanceWeight()).isCloseTo(2.4, within(1e-12));
    }

    @Test
    void standardSlateIps() {
        // A: 2.4 on both slots (2.4 + 2.4); B: 1.44 on both (0 + 1.44) → 6.24 / 4
        assertThat(SlateIps.standard().terms(slates()).value()).isCloseTo(6.24 / 4, within(1e-12));
    }

    @Test
    void aSlateWithTwoSamplesAtOnePositionIsRefused() {
        List<LoggedSample> log = List.of(LoggedSample.slot(1, 0, 1, 0, 0.5, new double[] {1, 0}),
                LoggedSample.slot(1, 0, 1, 0, 0.5, new double[] {1, 0}));
        assertThatThrownBy(() -> SlateIps.rewardInteraction().terms(log)).hasMessageContaining("two samples");
    }

    @Test
    void estimatorsByName() {
        for (String name : Estimators.NAMES) {
            assertThat(Estimators.byName(name, TinyLog.MODEL, 10, 10, 1).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Estimators.byName("dr", null, 1, 1, 1)).hasMessageContaining("reward model");
        assertThatThrownBy(() -> Estimators.byName("magic", null, 1, 1, 1)).hasMessageContaining("unknown");
    }
}
