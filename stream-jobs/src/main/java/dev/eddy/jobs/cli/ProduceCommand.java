package dev.eddy.jobs.cli;

import dev.eddy.connectors.event.Decision;
import dev.eddy.connectors.event.Interaction;
import dev.eddy.connectors.event.Reward;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.json.InvalidEventException;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** Sends JSON events, one per line, to a topic, checking each against the event model first. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send JSON events (one object per line, from a file or stdin) to Kafka. Each line is validated "
                + "as its type first; invalid lines are reported with their line number and not sent.")
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
        var topics = EddyKeys.topics(c);
        String target = topic != null ? TopicNames.resolve(topic, topics) : switch (type) {
            case decision -> topics.decisions();
            case reward -> topics.rewards();
            case interaction -> topics.interactions();
            case raw -> throw new IllegalArgumentException("--type raw needs --topic");
        };
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get(EddyKeys.BOOTSTRAP));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        long line = 0;
        long rejected = 0;
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        try (BufferedReader in = file != null ? Files.newBufferedReader(file)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
             var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                String key;
                try {
                    key = keyOf(bytes);
                } catch (InvalidEventException e) {
                    rejected++;
                    System.err.println("line " + line + ": " + e.getMessage());
                    continue;
                }
                final long lineNo = line;
                producer.send(new ProducerRecord<>(target, key, bytes), (meta, err) -> {
                    if (err != null) {
                        failed.incrementAndGet();
                        System.err.println("line " + lineNo + ": not sent: " + err.getMessage());
                    }
                });
                sent++;
            }
            producer.flush();
        }
        System.out.printf("%s: sent %d, rejected %d, failed %d%n", target, sent - failed.get(), rejected, failed.get());
        return rejected + failed.get() == 0 ? 0 : 1;
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
