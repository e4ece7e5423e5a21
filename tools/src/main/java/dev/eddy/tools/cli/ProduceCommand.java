package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.serving.cli.CliFailure;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.json.JsonProblems;
import dev.eddy.events.config.EddyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** Sends JSON events, one per line, to a topic, checking each against the event model first. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send JSON events (one object per line, or pretty-printed objects one after another; from a file "
                + "or stdin) to Kafka. Each event is validated as its type first; invalid ones are reported with their "
                + "line number and not sent.")
final class ProduceCommand implements Callable<Integer> {

    enum Type { decision, reward, interaction, raw }

    @Mixin
    ConfigOptions options;

    @Option(names = "--type", required = true, description = "event type: ${COMPLETION-CANDIDATES}")
    Type type;

    @Option(names = "--topic", description = "topic or short name (decisions, rewards, ...); default: the type's standard topic")
    String topic;

    @Option(names = "--file", paramLabel = "FILE", description = "read events from FILE instead of stdin")
    Path file;

    @Override
    public Integer call() throws Exception {
        EddyConfig c = options.load();
        var topics = KafkaKeys.topics(c);
        String target = topic != null ? TopicNames.resolve(topic, topics) : switch (type) {
            case decision -> topics.decisions();
            case reward -> topics.rewards();
            case interaction -> topics.interactions();
            case raw -> throw new IllegalArgumentException("--type raw needs --topic");
        };
        // Arguments first: a missing file is reported before the broker is asked.
        if (file != null && !Files.isReadable(file)) {
            throw new CliFailure("cannot read --file " + file + (Files.exists(file) ? "" : ": no such file"));
        }
        KafkaClientProperties kafka = KafkaClientProperties.from(c);
        BrokerCheck.require(kafka, target);
        Counts counts = new Counts();
        try (BufferedReader in = file != null ? Files.newBufferedReader(file)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
             var producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "10"), new StringSerializer(),
                     new ByteArraySerializer())) {
            long line = 0;
            String first;
            do {
                first = in.readLine();
                line++;
            } while (first != null && first.isBlank());
            if (first != null) {
                if (isOneJsonValue(first)) {
                    // JSON lines: a bad line is reported and the rest still goes out.
                    send(producer, target, first, line, counts);
                    String text;
                    while ((text = in.readLine()) != null) {
                        line++;
                        if (!text.isBlank()) send(producer, target, text, line, counts);
                    }
                } else {
                    // Pretty-printed JSON objects one after another; malformed JSON stops the stream there.
                    StringBuilder all = new StringBuilder(first).append('\n');
                    in.lines().forEach(l -> all.append(l).append('\n'));
                    sendPretty(producer, target, all.toString(), line - 1, counts);
                }
            }
            producer.flush();
        }
        long failed = counts.failed.get();
        System.out.printf("%s: sent %d, rejected %d, failed %d%n", target, counts.sent - failed, counts.rejected, failed);
        return counts.rejected + failed == 0 ? 0 : 1;
    }

    /** A plain mapper: reading one value of several must not trip the wire format's trailing-token check. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** What happened to the input so far. */
    private static final class Counts {
        long sent;
        long rejected;
        final AtomicLong failed = new AtomicLong();
    }

    private static boolean isOneJsonValue(String text) {
        try (JsonParser parser = PLAIN.createParser(text)) {
            parser.readValueAsTree();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private void sendPretty(KafkaProducer<String, byte[]> producer, String target, String text, long lineOffset,
                            Counts counts) throws IOException {
        try (JsonParser parser = PLAIN.createParser(text)) {
            while (true) {
                long line;
                JsonNode node;
                try {
                    if (parser.nextToken() == null) return;
                    line = parser.currentTokenLocation().getLineNr() + lineOffset;
                    node = parser.readValueAsTree();
                } catch (JsonProcessingException e) {
                    counts.rejected++;
                    // Jackson's own message names its settings and parser tokens; JsonProblems says it in JSON terms.
                    System.err.println("line " + (e.getLocation().getLineNr() + lineOffset)
                            + ": " + JsonProblems.describe(e) + "; nothing after it was read");
                    return;
                }
                send(producer, target, PLAIN.writeValueAsString(node), line, counts);
            }
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, String target, String json, long line, Counts counts) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String key;
        try {
            key = keyOf(bytes);
        } catch (InvalidEventException e) {
            counts.rejected++;
            System.err.println("line " + line + ": " + e.getMessage());
            return;
        }
        producer.send(new ProducerRecord<>(target, key, bytes), (meta, err) -> {
            if (err != null) {
                counts.failed.incrementAndGet();
                System.err.println("line " + line + ": not sent: " + err.getMessage());
            }
        });
        counts.sent++;
    }

    private String keyOf(byte[] bytes) throws InvalidEventException {
        return switch (type) {
            case decision -> {
                Decision d = EventJson.parseDecision(bytes);
                yield d.eventId();
            }
            case reward -> {
                Reward r = EventJson.parseReward(bytes);
                yield r.eventId();
            }
            case interaction -> {
                Interaction i = EventJson.parseInteraction(bytes);
                yield i.userId();
            }
            case raw -> null;
        };
    }
}
