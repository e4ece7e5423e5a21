package dev.eddy.tools.bench.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorWarmUpTest {
    @Test
    void warmsAgainstItsOwnStubNotTheServer() throws Exception {
        try (TrivialHttpServer server = new TrivialHttpServer(2, true, e -> {})) {
            LoadSettings s = new LoadSettings(server.url(), 200, Duration.ofSeconds(1), Duration.ZERO,
                    List.of(Target.RANK, Target.HEALTHZ), SyntheticPopulation.of(100, 1000), 5, 0, null,
                    null, 2, Duration.ofSeconds(5), null, 3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            GeneratorWarmUp.run(s, Duration.ofMillis(500), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("generator warmed itself").contains("send lag p99");
            assertThat(server.received).as("the server under test got nothing").isEmpty();
        }
    }
}
