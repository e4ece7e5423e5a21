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

/** The simulated environment, the demo experiment's split and the running reward, without Kafka or Flink. */
class SimulationTest {

    @Test
    void theDemoExperimentSplitsUsersByItsWeights(@TempDir Path dir) throws Exception {
        ExperimentAssigner a = ExperimentAssigner.load(DemoExperiment.write(dir));
        Map<String, Integer> counts = new HashMap<>();
        Instant now = Instant.now();
        for (int u = 0; u < 4000; u++) {
            Assignment x = a.assign(DemoExperiment.ID, "user-" + u, now);
            assertThat(x.active()).isTrue();
            counts.merge(x.variant(), 1, Integer::sum);
        }
        assertThat(counts.get(DemoExperiment.BANDIT)).isBetween(1450, 1750);
        assertThat(counts.get(DemoExperiment.MF)).isBetween(1050, 1350);
        assertThat(counts.get(DemoExperiment.UNIFORM)).isBetween(1050, 1350);
    }

    @Test
    void bestItemBeatsUniformAndTastesMoveAtEachDrift() {
        SimulatedUsers users = new SimulatedUsers(7, 60_000);
        Random r = new Random(1);
        double best = 0;
        double uniform = 0;
        int changed = 0;
        int n = 5000;
        for (int i = 0; i < n; i++) {
            SimulatedUsers.User u = users.user(r);
            SimulatedUsers.Slate s = users.slate(r);
            double max = 0;
            int argmax = -1;
            for (int k = 0; k < s.items().length; k++) {
                double p = users.clickProbability(u, s.items()[k], 0);
                assertThat(p).isBetween(0.0, 1.0);
                uniform += p / s.items().length;
                if (p > max) {
                    max = p;
                    argmax = k;
                }
            }
            best += max;
            double after = users.clickProbability(u, s.items()[argmax], 60_000);
            if (Math.abs(after - max) > 1e-9) changed++;
        }
        assertThat(best / n).as("an oracle policy").isGreaterThan(2 * uniform / n);
        assertThat(changed).as("the drift changes what users like").isGreaterThan(n / 2);
        assertThat(users.drifts(59_999)).isZero();
        assertThat(users.drifts(120_000)).isEqualTo(2);
    }

    @Test
    void runningRewardCountsTheLastDecisionsOnly() {
        RunningReward r = new RunningReward(4);
        for (boolean click : new boolean[]{true, true, true, true, false, false}) r.add("a", click);
        RunningReward.Stat s = r.snapshot().get("a");
        assertThat(s.decisions()).isEqualTo(6);
        assertThat(s.clicks()).isEqualTo(4);
        assertThat(s.recentDecisions()).isEqualTo(4);
        assertThat(s.recentRate()).isCloseTo(0.5, within(1e-12));
        assertThat(s.rate()).isCloseTo(4 / 6.0, within(1e-12));
    }
}
