package dev.eddy.bandits.mdp.eval;

import dev.eddy.bandits.eval.UnknownPolicyException;
import dev.eddy.bandits.mdp.env.UniformSessionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MdpEvaluationTest {

    @ParameterizedTest
    @ValueSource(strings = {"stationary", "switching", "adaptive"})
    void uniformHasLinearRegret(String env) {
        MdpResult r = MdpEvaluation.run(env, "uniform", Map.of(), 2000, 11, 5, 10, 16);
        assertThat(r.episodes()).isEqualTo(2000);
        assertThat(r.regret()).isPositive();
        assertThat(r.slope()).as("slope on %s", env).isBetween(0.85, 1.15);
    }

    @Test
    void sameSeedSameCurveOtherSeedOtherCurve() {
        MdpResult a = MdpEvaluation.run("switching", "uniform", Map.of(), 300, 5, 5, 10, 16);
        MdpResult b = MdpEvaluation.run("switching", "uniform", Map.of(), 300, 5, 5, 10, 16);
        MdpResult c = MdpEvaluation.run("switching", "uniform", Map.of(), 300, 6, 5, 10, 16);
        assertThat(b.cumulativeRegret()).containsExactly(a.cumulativeRegret());
        assertThat(b.slope()).isEqualTo(a.slope());
        assertThat(c.cumulativeRegret()).isNotEqualTo(a.cumulativeRegret());
    }

    @Test
    void summaryAggregatesSeeds() {
        List<MdpResult> runs = List.of(
                MdpEvaluation.run("stationary", "uniform", Map.of(), 200, 1, 5, 10, 16),
                MdpEvaluation.run("stationary", "uniform", Map.of(), 200, 2, 5, 10, 16));
        MdpSummary s = MdpSummary.of(runs);
        assertThat(s.meanRegret()).isEqualTo((runs.get(0).regret() + runs.get(1).regret()) / 2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.meanCurve()).hasSize(200);
        assertThat(s.line()).matches("stationary uniform regret=-?\\d+\\.\\d ±\\d+\\.\\d slope=-?\\d+\\.\\d\\d ±\\d+\\.\\d\\d episodes/s=\\d+");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> MdpEvaluation.run("stationary", "nope", Map.of(), 10, 1, 5, 10, 16))
                .isInstanceOf(UnknownPolicyException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("uniform");
        assertThatThrownBy(() -> MdpEvaluation.run("calm", "uniform", Map.of(), 10, 1, 5, 10, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'calm'").hasMessageContaining("stationary, switching, adaptive");
        assertThatThrownBy(() -> SessionPolicies.empty().create("x", 5, 10, 16, 10, 1, Map.of()))
                .hasMessageContaining("(none registered)");
    }

    @Test
    void unknownParametersAndBadNamesAreRejected() {
        assertThatThrownBy(() -> MdpEvaluation.run("stationary", "uniform", Map.of("eta", "0.1"), 10, 1, 5, 10, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eta");
        assertThatThrownBy(() -> SessionPolicies.empty().register("a.b", (h, a, d, k, s, p, sim) -> new UniformSessionPolicy()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionPolicies.standard().names()).contains("uniform");
    }

    @Test
    void algorithmTwoGetsTheEnvironmentAsSimulatorAndRefusesToRunWithoutOne() {
        assertThat(SessionPolicies.standard().names()).contains("ftrl-logbarrier", "ftrl-expweights-mr");
        assertThatThrownBy(() -> SessionPolicies.standard().create("ftrl-expweights-mr", 5, 10, 16, 100, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simulator");
        MdpResult r = MdpEvaluation.run("adaptive", "ftrl-expweights-mr", Map.of("rollouts", "5"), 300, 3, 5, 10, 16);
        assertThat(r.episodes()).isEqualTo(300);
        MdpResult again = MdpEvaluation.run("adaptive", "ftrl-expweights-mr", Map.of("rollouts", "5"), 300, 3, 5, 10, 16);
        assertThat(again.cumulativeRegret()).containsExactly(r.cumulativeRegret());
    }
}
