package dev.eddy.tools.demo;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ExperimentResults.Interval;
import dev.eddy.events.event.ExperimentResults.MetricResult;
import dev.eddy.events.event.ExperimentResults.SampleRatio;
import dev.eddy.events.event.ExperimentResults.VariantCount;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentLinesTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static MetricResult row(String metric, String variant, long users, Double rel, Interval av, Double p,
                                    boolean guardrail, boolean flagged, String reason) {
        return new MetricResult(metric, "all", variant, users, 0.2, 0.01, rel == null ? null : 0.1, rel,
                av, av, p, p, p, 0.9, 0.01, 0.0, guardrail, flagged, reason);
    }

    @Test
    void eachTreatmentReadsAsItsAlwaysValidLiftAgainstTheControl() {
        ExperimentResults r = new ExperimentResults("demo", T, T, false, "uniform",
                List.of(new VariantCount("uniform", 30, 300, 900), new VariantCount("neucb", 40, 400, 1200),
                        new VariantCount("mf", 30, 290, 870)),
                new SampleRatio(0.59, 1.0, false),
                List.of(row("click-rate", "uniform", 300, null, null, null, false, false, null),
                        row("click-rate", "neucb", 400, 0.72, new Interval(0.40, 1.05), 0.0003, false, false, null),
                        row("click-rate", "mf", 290, -0.031, new Interval(null, 0.2), 0.00002, false, false, null),
                        row("latency-ms", "neucb", 400, 0.9, new Interval(0.7, 1.1), 0.0, true, true, "too slow")));
        assertThat(ExperimentLines.lifts(r, "click-rate")).containsExactly(
                "neucb vs uniform: +72 % [+40 %, +105 %] always-valid, p = 0.0003 (400 vs 300 users)",
                "mf vs uniform: -3 % [-inf, +20 %] always-valid, p < 0.0001 (290 vs 300 users)");
        assertThat(ExperimentLines.sampleRatio(r))
                .isEqualTo("sample ratio: ok (chi-squared p = 0.59, sequential p = 1.00; mismatch below 0.001)");
        assertThat(ExperimentLines.guardrails(r)).containsExactly("guardrail latency-ms neucb: FLAGGED (too slow)");
    }
}
