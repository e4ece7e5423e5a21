package dev.eddy.tools.cli;

import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The error path's kinds that need a broker: a port in use, an unknown topic. One line each, no stack trace. */
class CliErrorPathIT {

    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static void assertOneLine(CliRun r, String startsWith) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(startsWith).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void servingOnAPortInUseIsOneLineSayingWhatToDo() throws Exception {
        assertThat(CliRun.eddy("topics", "-b", KAFKA.get().bootstrapServers()).code()).isZero();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.eddy("serve", "-b", KAFKA.get().bootstrapServers(), "--set",
                    "serving.port=" + taken.getLocalPort());
            assertOneLine(r, "eddy serve: the port is already in use");
            assertThat(r.err()).contains("--set serving.port=");
        }
    }

    @Test
    void servingWithoutItsTopicsSaysHowToCreateThem() {
        String b = KAFKA.get().bootstrapServers();
        CliRun r = CliRun.eddy("serve", "-b", b, "--set", "topics.models=not-created-models", "--set", "serving.port=0");
        assertOneLine(r, "eddy serve: no topic not-created-models at " + b + " — `eddy topics -b " + b + "`");
    }

    @Test
    void anUnknownTopicIsOneLineNamingIt() {
        String b = KAFKA.get().bootstrapServers();
        assertOneLine(CliRun.eddy("consume", "-b", b, "no-such-topic"),
                "eddy consume: no topic no-such-topic at " + b + " — `eddy topics -b " + b + "` creates Eddy's topics");
        CliRun produce = CliRun.eddy("produce", "-b", b, "--type", "raw", "--topic", "no-such-topic", "--file",
                "../events/src/test/resources/examples/decision-basic.json");
        assertOneLine(produce, "eddy produce: no topic no-such-topic at " + b);
        CliRun replay = CliRun.eddy("replay", "--from", "kafka:no-such-topic", "-b", b, "--policy", "uniform",
                "--report", "target/unused-report", "--no-progress");
        assertThat(replay.code()).isEqualTo(2);
        assertThat(replay.err().strip()).isEqualTo("eddy replay: no topic no-such-topic at " + b + " — `eddy topics -b "
                + b + "` creates Eddy's topics; or check the name");
    }
}
