package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuardrailTest {

    @Test
    void anUpperBoundGuardrail() {
        Guardrail latency = Guardrail.atMost("latency-p99", Scale.RELATIVE, 0.10);
        assertThat(latency.check(new Interval(-0.02, 0.08))).isEqualTo(Guardrail.Status.PASS);
        assertThat(latency.check(new Interval(0.03, 0.12))).isEqualTo(Guardrail.Status.AT_RISK);
        assertThat(latency.check(new Interval(0.11, 0.20))).isEqualTo(Guardrail.Status.VIOLATED);
        assertThat(latency.flags(new Interval(0.03, 0.12))).isTrue();
        assertThat(latency.check(Interval.ALL)).isEqualTo(Guardrail.Status.AT_RISK);
    }

    @Test
    void aLowerBoundGuardrail() {
        Guardrail conversion = Guardrail.atLeast("conversion", Scale.RELATIVE, -0.02);
        assertThat(conversion.check(new Interval(-0.015, 0.03))).isEqualTo(Guardrail.Status.PASS);
        assertThat(conversion.check(new Interval(-0.03, 0.01))).isEqualTo(Guardrail.Status.AT_RISK);
        assertThat(conversion.check(new Interval(-0.06, -0.025))).isEqualTo(Guardrail.Status.VIOLATED);
        assertThat(conversion.flags(new Interval(-0.015, 0.03))).isFalse();
    }

    @Test
    void judgesAVariantOnItsAlwaysValidInterval() {
        // Treatment converts 9.0 % against 10.0 % on 200,000 users a side: a lift of −10 %, far below −2 %.
        MetricResult r = MetricAnalysis.analyze(List.of(MetricStats.ofProportion(200_000, 20_000),
                MetricStats.ofProportion(200_000, 18_000)), AnalysisSettings.defaults(), null);
        VariantResult treatment = r.treatments().get(0);
        assertThat(Guardrail.atLeast("conversion", Scale.RELATIVE, -0.02).check(treatment)).isEqualTo(Guardrail.Status.VIOLATED);
        assertThat(Guardrail.atLeast("conversion", Scale.ABSOLUTE, -0.02).check(treatment)).isEqualTo(Guardrail.Status.PASS);
        assertThat(Guardrail.atMost("conversion", Scale.RELATIVE, 0.05).check(treatment)).isEqualTo(Guardrail.Status.PASS);
    }
}
