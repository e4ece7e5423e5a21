package dev.eddy.tools.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `eddy bench join` end to end, small: the broker in its child JVM, the join and the passthrough in this one. */
class JoinBenchmarkIT {

    @Test
    void withDecisionsWaitingTheJobTakesThemInFirstAndJoinsTheRestCompletely(@TempDir Path work) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JoinBenchmark.Options options = new JoinBenchmark.Options(3_000, 0.3, 2, 2, 5, work, false, 2_000);
        JoinBenchmark.Result r = JoinBenchmark.run(options, new PrintStream(log, true, StandardCharsets.UTF_8)).first();
        String progress = log.toString(StandardCharsets.UTF_8);

        // The waiting decisions were in the checkpointed state before the rest of the input was written ...
        assertThat(progress).contains("join: 2,000 waiting decisions in state after");
        assertThat(progress.indexOf("waiting decisions in state after"))
                .isLessThan(progress.indexOf("produce: done, 3,000 decisions"));
        // ... and RocksDB's compaction of them had settled (or /proc said nothing) before the clock started.
        int settled = Math.max(progress.indexOf("compaction of the waiting decisions settled after"),
                progress.indexOf("cannot read per-thread CPU from /proc"));
        assertThat(settled).isGreaterThan(progress.indexOf("waiting decisions in state after"))
                .isLessThan(progress.indexOf("produce: done, 3,000 decisions"));
        // ... and did not make it late: every decision joined once, nothing dead-lettered.
        assertThat(r.examples()).isEqualTo(3_000);
        assertThat(r.duplicateExamples()).isZero();
        assertThat(r.deadLetters()).isZero();
        assertThat(r.examplesWithReward()).isEqualTo(r.rewards());
        // The passthrough passes the waiting decisions on too.
        // (No CPU figure is checked: 3,000 decisions come out in a poll or two, too few to time a steady part.)
        assertThat(r.passthroughRecords()).isEqualTo(r.inputRecords() + 2_000);
    }

    @Test
    void roundsRunTheJoinAndThePassthroughAgainOnTheSameInputAndEndWithMedians(@TempDir Path work) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JoinBenchmark.Options options = new JoinBenchmark.Options(3_000, 0.3, 2, 2, 5, work, false, 0, 2);
        JoinBenchmark.Rounds all = JoinBenchmark.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        String progress = log.toString(StandardCharsets.UTF_8);

        // The input is written once; each round joins all of it into its own topic, once.
        assertThat(progress.split("produce: done", -1)).hasSize(2);
        assertThat(progress.indexOf("round 2 of 2")).isGreaterThan(progress.indexOf("round 1 of 2"));
        assertThat(all.rounds()).hasSize(2).allSatisfy(r -> {
            assertThat(r.examples()).isEqualTo(3_000);
            assertThat(r.duplicateExamples()).isZero();
            assertThat(r.deadLetters()).isZero();
            assertThat(r.examplesWithReward()).isEqualTo(r.rewards());
            assertThat(r.passthroughRecords()).isEqualTo(r.inputRecords());
        });
        assertThat(all.complete()).isTrue();
        // Each round's pair, then the medians in the three lines the command always ends with.
        String[] lines = all.summary().split("\\R");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("round 1: join ");
        assertThat(lines[1]).startsWith("round 2: join ");
        assertThat(lines[2]).startsWith("median of 2 rounds");
        assertThat(lines[3]).startsWith("join: ").contains("cpu-us/record");
        assertThat(lines[4]).startsWith("passthrough: ");
        assertThat(lines[5]).startsWith("ratio: ");
        assertThat(all.toJson()).contains("\"rounds\"").contains("\"ratio\"");
    }
}
