package dev.eddy.tools.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's lag after a drift: first post-drift example readable, first version published after it, served. */
class DriftLagTest {
    private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");

    private static Instant at(long ms) {
        return START.plusMillis(ms);
    }

    @Test
    void stagesRunFromTheDriftToTheFirstVersionCreatedAfterTheFirstPostDriftExample() {
        DriftLag lag = new DriftLag("neucb", 60_000);
        lag.started(START);
        lag.example("neucb", at(59_900), at(63_000));   // decided before the drift: not counted
        lag.example("uniform", at(60_100), at(63_500)); // another variant's example: not counted
        lag.example("neucb", at(60_200), at(64_000));
        lag.example("neucb", at(60_300), at(64_100));   // later: the first one stays
        List<DriftLag.Loaded> versions = List.of(
                new DriftLag.Loaded(10, at(63_900), at(65_000)),  // made before the example was readable
                new DriftLag.Loaded(11, at(64_500), at(66_700)),
                new DriftLag.Loaded(12, at(65_500), at(67_000)));
        List<DriftLag.Stages> stages = lag.stages(at(70_000), versions);
        assertThat(stages).containsExactly(new DriftLag.Stages(1, at(60_000), Duration.ofMillis(4_000),
                Duration.ofMillis(4_500), Duration.ofMillis(6_700), 11L));
        assertThat(DriftLag.lines(stages)).containsExactly("after drift 1: first post-drift example readable at "
                + "+4.0 s, first model version with it (v11) published at +4.5 s, served at +6.7 s");
    }

    @Test
    void aStageNotReachedBeforeTheEndIsNamed() {
        DriftLag lag = new DriftLag("neucb", 60_000);
        lag.started(START);
        lag.example("neucb", at(60_200), at(64_000));
        List<DriftLag.Stages> stages = lag.stages(at(125_000), List.of(new DriftLag.Loaded(3, at(63_000), at(63_500))));
        assertThat(DriftLag.lines(stages)).containsExactly(
                "after drift 1: first post-drift example readable at +4.0 s, no model version with it served before "
                        + "the run ended",
                "after drift 2: no post-drift example readable before the run ended");
    }

    @Test
    void noDriftsNoStages() {
        DriftLag lag = new DriftLag("neucb", 0);
        lag.started(START);
        lag.example("neucb", at(90_000), at(91_000));
        assertThat(lag.stages(at(200_000), List.of())).isEmpty();
    }
}
