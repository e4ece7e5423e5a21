package dev.eddy.serving;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.serving.config.ServingKeys;
import dev.eddy.serving.config.ServingSettings;
import dev.eddy.serving.log.DurableLogging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @Test
    void aConfigFileSharedWithTheJobsIsReadForServingKeysAndTheJobsKeysAreSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eddy.properties");
        Files.writeString(file, "join.window=5s\nretrain.dim=16\nserving.port=18080\ntopics.models=m\n"
                + "kafka.bootstrap-servers=broker:9092\n");
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--set", "serving.max-k=7");
        EddyConfig c = command.config();
        assertThat(c.get(ServingKeys.PORT)).isEqualTo(18080);
        assertThat(c.get(ServingKeys.MAX_K)).isEqualTo(7);
        assertThat(c.get(KafkaKeys.TOPIC_MODELS)).isEqualTo("m");
        assertThat(c.get(KafkaKeys.BOOTSTRAP)).isEqualTo("broker:9092");
        assertThat(c.effective()).doesNotContainKey("join.window");
    }

    @Test
    void anUnknownServingKeyInTheFileOrAnyUnknownOverrideFailsNamingTheKeyWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eddy.properties");
        Files.writeString(file, "serving.prot=8080\n");
        assertThat(run("--config", file.toString(), "-b", "127.0.0.1:9")).isEqualTo(
                "eddy serve: unknown config key 'serving.prot' (did you mean 'serving.port'?)");
        Files.writeString(file, "servng.port=8080\n");
        assertThat(run("--config", file.toString(), "-b", "127.0.0.1:9")).isEqualTo(
                "eddy serve: unknown config key 'servng.port' (did you mean 'serving.port'?)");
        assertThat(run("--set", "join.window=5s", "-b", "127.0.0.1:9")).isEqualTo(
                "eddy serve: unknown config key 'join.window'");
        assertThat(run("--set", "serving.port=http", "-b", "127.0.0.1:9")).startsWith(
                "eddy serve: config key 'serving.port' = 'http' is invalid");
    }

    @Test
    void durableLoggingIsOffUnlessItsKeySaysSoAndItsTimeoutMustBePositive() {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("-b", "broker:9092");
        assertThat(ServingSettings.from(command.config()).durableLogging()).isEqualTo(DurableLogging.OFF);

        command = new ServeCommand();
        new CommandLine(command).parseArgs("-b", "broker:9092", "--set", "serving.log.durable=true",
                "--set", "serving.log.durable-timeout=750ms");
        assertThat(ServingSettings.from(command.config()).durableLogging())
                .isEqualTo(DurableLogging.on(Duration.ofMillis(750)));

        assertThat(run("--set", "serving.log.durable=true", "--set", "serving.log.durable-timeout=0s", "-b", "127.0.0.1:9"))
                .isEqualTo("eddy serve: config key 'serving.log.durable-timeout' = 'PT0S' is invalid: must be > 0 and below 24 days");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = ServeCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).isEqualTo(2);
        return err.toString().strip();
    }
}
