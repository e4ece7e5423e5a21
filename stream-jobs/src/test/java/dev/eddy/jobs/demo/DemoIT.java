package dev.eddy.jobs.demo;

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
 * The whole demo, briefly: broker, join + learner job, simulated users. What must hold even on a loaded machine: the
 * learner published at least one version that the traffic picked up, examples were joined, both variants decided.
 * Whether the learned variant already beats uniform is not asserted: in 35 s on two busy cores it may not have.
 */
class DemoIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void publishesModelVersionsAndJoinsExamples() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // A 2 s window: examples leave the join sooner, so the learner has data early in the short run.
        Demo.Settings s = new Demo.Settings(Duration.ofSeconds(35), 200, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 7);
        Demo.Summary sum = Demo.run(s, out, new CountDownLatch(1));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(sum.versions()).as(printed).containsKey(Variants.LEARNED);
        assertThat(sum.versions().get(Variants.LEARNED)).isGreaterThanOrEqualTo(1L);
        assertThat(sum.joined().examples()).as(printed).isPositive();
        assertThat(sum.joined().observed()).as("examples with a click").isPositive();
        assertThat(sum.reward()).containsKeys(Variants.LEARNED, Variants.UNIFORM);
        assertThat(sum.reward().get(Variants.UNIFORM).decisions()).isPositive();
        assertThat(sum.traffic().drifts()).as("tastes drift every 15 s").isGreaterThanOrEqualTo(1);
        assertThat(printed).contains("Summary after").contains("reward by variant");
    }
}
