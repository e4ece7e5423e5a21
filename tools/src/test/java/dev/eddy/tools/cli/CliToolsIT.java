package dev.eddy.tools.cli;

import dev.eddy.events.event.Decision;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** eddy topics / produce / consume against the embedded broker. */
class CliToolsIT {

    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();


    @Test
    void topicsCreatesAndDescribesTheStandardTopics() {
        CliRun r = CliRun.eddy("topics", "-b", KAFKA.get().bootstrapServers(), "--set", "topics.partitions=3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("eddy.decisions").contains("eddy.models").contains("cleanup.policy=compact");
        assertThat(r.out()).containsPattern("eddy.decisions\\s+3\\s+1");
        CliRun again = CliRun.eddy("topics", "-b", KAFKA.get().bootstrapServers());
        assertThat(again.out()).contains("all topics exist");
    }

    @Test
    void produceValidatesEachLineAndConsumePrintsWhatWasSent(@TempDir Path dir) throws Exception {
        Decision a = TestEvents.decision("cli-a", Instant.parse("2026-01-01T00:00:00Z"));
        Decision b = TestEvents.decision("cli-b", Instant.parse("2026-01-01T00:00:01Z"));
        Path file = dir.resolve("decisions.jsonl");
        Files.write(file, List.of(EventJson.writeString(a),
                "{\"eventId\":\"bad\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"candidates\":[{\"id\":\"x\"}],\"chosen\":[0],\"probabilities\":[2]}",
                "", EventJson.writeString(b)));
        create("cli-decisions");
        CliRun produce = CliRun.eddy("produce", "-b", KAFKA.get().bootstrapServers(), "--type", "decision", "--topic", "cli-decisions",
                "--file", file.toString());
        assertThat(produce.code()).as("a rejected line makes the exit code non-zero").isEqualTo(1);
        assertThat(produce.err()).contains("line 2: decision bad: probabilities[0] = 2.0 is outside (0, 1]");
        assertThat(produce.out()).contains("cli-decisions: sent 2, rejected 1, failed 0");

        CliRun consume = CliRun.eddy("consume", "-b", KAFKA.get().bootstrapServers(), "cli-decisions", "--idle", "2s");
        assertThat(consume.code()).isZero();
        List<String> lines = consume.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.stream().map(l -> {
            try {
                return EventJson.parseDecision(l.getBytes(StandardCharsets.UTF_8)).eventId();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsExactlyInAnyOrder("cli-a", "cli-b");
    }

    @Test
    void produceReadsPrettyPrintedObjectsOneAfterAnother(@TempDir Path dir) throws Exception {
        Decision a = TestEvents.decision("pretty-a", Instant.parse("2026-01-01T00:00:00Z"));
        Decision b = TestEvents.decision("pretty-b", Instant.parse("2026-01-01T00:00:01Z"));
        var pretty = EventJson.mapper().writerWithDefaultPrettyPrinter();
        Path file = dir.resolve("decisions.json");
        Files.writeString(file, pretty.writeValueAsString(a) + "\n\n" + pretty.writeValueAsString(b) + "\n{\"eventId\": ");
        create("pretty");
        CliRun produce = CliRun.eddy("produce", "-b", KAFKA.get().bootstrapServers(), "--type", "decision", "--topic", "pretty",
                "--file", file.toString());
        assertThat(produce.out()).contains("pretty: sent 2, rejected 1");
        assertThat(produce.err()).containsPattern("line \\d+: malformed JSON");
        CliRun consume = CliRun.eddy("consume", "-b", KAFKA.get().bootstrapServers(), "pretty", "--idle", "2s");
        assertThat(consume.out().lines()).hasSize(2);
    }

    @Test
    void consumeOfAMissingTopicIsAClearError() {
        CliRun r = CliRun.eddy("consume", "-b", KAFKA.get().bootstrapServers(), "no-such-topic", "--idle", "1s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no topic no-such-topic at " + KAFKA.get().bootstrapServers());
    }

    /** produce sends only to a topic that exists (a broker may not create topics on first use). */
    private static void create(String topic) {
        try (var admin = new dev.eddy.events.kafka.TopicAdmin(KAFKA.get().clientProperties())) {
            admin.ensure(List.of(new dev.eddy.events.kafka.TopicSpec(topic, 2, (short) 1, java.util.Map.of())));
        }
    }
}
