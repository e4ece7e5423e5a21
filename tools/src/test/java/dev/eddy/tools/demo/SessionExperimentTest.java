package dev.eddy.tools.demo;

import dev.eddy.serving.experiment.Assignment;
import dev.eddy.serving.experiment.ExperimentAssigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The demo's session experiment without Kafka or Flink: its split, its sessions and its session-level reward. */
class SessionExperimentTest {

    @Test
    void theSessionExperimentSplitsUsersHalfAndHalf(@TempDir Path dir) throws Exception {
        ExperimentAssigner a = ExperimentAssigner.load(DemoExperiment.write(dir));
        Map<String, Integer> counts = new HashMap<>();
        for (int u = 0; u < 4000; u++) {
            Assignment x = a.assign(DemoExperiment.SESSIONS_ID, "user-" + u, Instant.now());
            assertThat(x.active()).isTrue();
            counts.merge(x.variant(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(DemoExperiment.FTRL, DemoExperiment.UNIFORM);
        assertThat(counts.get(DemoExperiment.FTRL)).isBetween(1850, 2150);
    }

    @Test
    void aSessionEndsAtTheHorizonAndOftenAfterAMiss() {
        Random r = new Random(3);
        int left = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            assertThat(SimulatedSessions.continues(0, true, r)).as("a click keeps the user").isTrue();
            if (!SimulatedSessions.continues(0, false, r)) left++;
            assertThat(SimulatedSessions.continues(SimulatedSessions.HORIZON - 1, true, r)).isFalse();
        }
        assertThat((double) left / n).isCloseTo(SimulatedSessions.LEAVE_AFTER_MISS, within(0.02));
    }

    @Test
    void sessionRewardsCountClicksPerSessionOverTheRunAndTheLastSessions() {
        SessionRewards r = new SessionRewards(2);
        r.add("ftrl", 5, 3);
        r.add("ftrl", 1, 0);
        r.add("ftrl", 2, 1);
        SessionRewards.Stat s = r.snapshot().get("ftrl");
        assertThat(s.sessions()).isEqualTo(3);
        assertThat(s.steps()).isEqualTo(8);
        assertThat(s.perSession()).isCloseTo(4 / 3.0, within(1e-12));
        assertThat(s.recentSessions()).isEqualTo(2);
        assertThat(s.recentPerSession()).isCloseTo(0.5, within(1e-12));
    }
}
