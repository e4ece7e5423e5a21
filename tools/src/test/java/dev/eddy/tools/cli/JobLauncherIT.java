package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.join.JoinSettings;
import dev.eddy.jobs.runtime.JoinKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long-running job command shows it is alive: a status line every 10 s with records in and out, the watermark's lag
 * and the last checkpoint, and, when it is stopped, where its checkpoint is and the command that resumes from it.
 */
class JobLauncherIT {

    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    @Test
    void theJoinPrintsStatusLinesAndOnStopHowToResume(@TempDir Path dir) throws Exception {
        String broker = KAFKA.get().bootstrapServers();
        EddyConfig c = EddyConfig.of(Map.of("kafka.bootstrap-servers", broker,
                "checkpoint.dir", dir.resolve("checkpoints").toUri().toString(), "checkpoint.interval", "1s",
                "join.window", "30s"), AllKeys.all());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> args = List.of("join", "-b", broker, "--set", "join.window=30s");
        JobLauncher launcher = new JobLauncher(JoinJob.NAME, "join", JoinSettings::from, JoinJob::ensureTopics,
                (env, cfg) -> JoinJob.build(env, cfg, JoinKafka.inputs(cfg), JoinKafka.outputs(cfg)));
        Thread job = new Thread(() -> {
            try {
                launcher.run(c, false, args, out);
            } catch (Exception e) {
                e.printStackTrace(out);
            }
        }, "join-under-test");
        job.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> bytes.toString(StandardCharsets.UTF_8).contains("running "));
        Path decision = Path.of("../events/src/test/resources/examples/decision-basic.json");
        assertThat(CliRun.eddy("produce", "-b", broker, "--type", "decision", "--file", decision.toString()).code()).isZero();
        // The record read and a checkpoint completed, as the status line says.
        await().atMost(Duration.ofSeconds(90)).until(() -> bytes.toString(StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d join \\| in 1 \\| out \\d+ \\| watermark lag .+ \\| checkpoint #\\d+")));
        job.interrupt();
        job.join(60_000);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("running " + JoinJob.NAME + " on a local MiniCluster")
                .contains("a status line every 10 s").contains("join stopped; its newest retained checkpoint is file:");
        String resume = printed.lines().filter(l -> l.startsWith("resume with: ")).findFirst().orElseThrow();
        assertThat(resume).startsWith("resume with: ./eddy join -b " + broker + " --set join.window=30s --set job.restore-from=file:");
        Path checkpoint = Path.of(java.net.URI.create(resume.substring(resume.indexOf("job.restore-from=") + 17)));
        assertThat(checkpoint.resolve("_metadata")).as("the retained checkpoint the line names").exists();
        assertThat(Files.isDirectory(checkpoint)).isTrue();
    }

    @Test
    void resumeArgumentsReplaceAnEarlierRestore() {
        assertThat(JobLauncher.resumeArgs(List.of("join", "-b", "h:1", "--set", "job.restore-from=file:/old", "--set",
                "join.window=1m"), "file:/new chk")).isEqualTo("join -b h:1 --set join.window=1m --set 'job.restore-from=file:/new chk'");
    }
}
