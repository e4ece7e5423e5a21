package dev.eddy.tools.demo;

import dev.eddy.events.event.ExperimentResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole demo, briefly: broker, join + learner + retrain job, serving over HTTP, simulated users. What must hold
 * even on a loaded machine: every variant answered, the learner published a version that serving loaded and ranked
 * with, examples were joined from the decisions serving logged, the malformed requests were answered 4xx and no
 * request failed. Whether a learned variant already beats uniform is not asserted: in 45 s on two busy cores it may
 * not have.
 */
class DemoIT {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void closesTheLoopThroughServingKafkaAndTheJobs() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // A 2 s window: examples leave the join sooner, so the learner has data early in the short run.
        Demo.Settings s = new Demo.Settings(Duration.ofSeconds(45), 150, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(20), 7);
        Demo.Summary sum = Demo.run(s, out, new CountDownLatch(1));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("Serving at http://127.0.0.1:");
        assertThat(sum.traffic().failed()).as(printed).isZero();
        assertThat(sum.traffic().rejectedOnPurpose()).as("malformed requests answered 4xx").isPositive();
        assertThat(sum.reward()).as(printed).containsKeys(DemoExperiment.BANDIT, DemoExperiment.MF, DemoExperiment.UNIFORM);
        assertThat(sum.versions()).as(printed).containsKey(DemoExperiment.BANDIT);
        assertThat(sum.variants().get(DemoExperiment.BANDIT).modelVersion()).as("answers carried the learned version")
                .isPositive();
        assertThat(sum.joined().examples()).as(printed).isPositive();
        assertThat(sum.joined().observed()).as("examples with a click").isPositive();
        assertThat(sum.logged().dropped() + sum.logged().failed()).isZero();
        assertThat(sum.traffic().drifts()).as("tastes drift every 20 s").isGreaterThanOrEqualTo(1);
        assertThat(printed).contains("Summary after").contains("reward by variant");

        // The experiments job ran in the same Flink job and serving followed its read-outs: the summary ends with
        // each variant's always-valid result against the control and the split's health.
        ExperimentResults r = sum.experiment();
        assertThat(r).as("a read-out of the demo experiment reached serving: " + printed).isNotNull();
        assertThat(r.control()).isEqualTo(DemoExperiment.UNIFORM);
        assertThat(r.variants()).extracting(ExperimentResults.VariantCount::variant)
                .containsExactlyInAnyOrder(DemoExperiment.BANDIT, DemoExperiment.MF, DemoExperiment.UNIFORM);
        assertThat(r.variants()).allSatisfy(v -> assertThat(v.users()).isPositive());
        assertThat(r.metrics()).filteredOn(m -> m.metric().equals(DemoExperiment.METRIC)
                        && m.variant().equals(DemoExperiment.BANDIT) && m.segment().equals("all"))
                .singleElement().satisfies(m -> {
                    assertThat(m.alwaysValidInterval()).isNotNull();
                    assertThat(m.alwaysValidPValue()).isBetween(0.0, 1.0);
                });
        assertThat(printed).containsPattern("neucb vs uniform: [+-]\\d+ % \\[.*\\] always-valid, p [=<] ")
                .contains("sample ratio: ");
    }
}
