package dev.eddy.jobs.join;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Producing inputs and reading outputs of the join in integration tests. */
final class JoinTestKit implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final KafkaClientProperties kafka;
    final String suffix;
    final EddyConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();

    /** Over {@code kafka}, with its client properties (on a secured broker: a principal's credentials). */
    JoinTestKit(TestKafka kafka, String suffix, Path checkpoints, Map<String, String> extra) {
        this.suffix = suffix;
        Map<String, String> values = new HashMap<>(kafka.configKeys());
        values.putAll(Map.of(
                "kafka.group-id", "join-" + suffix,
                "topics.decisions", "decisions-" + suffix,
                "topics.rewards", "rewards-" + suffix,
                "topics.examples", "examples-" + suffix,
                "topics.dead-letters", "dead-" + suffix,
                "checkpoint.dir", checkpoints.toUri().toString(),
                "checkpoint.interval", "500ms",
                "join.window", "2s",
                "join.idleness", "60s"));
        values.put("join.max-out-of-orderness", "2s");
        values.put("join.dedup-retention", "10s");
        values.put("job.parallelism", "2");
        values.putAll(extra);
        this.config = EddyConfig.of(values, EddyKeys.all());
        this.kafka = KafkaClientProperties.from(config);
        Properties p = TestProducers.reliable(this.kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        JoinJob.ensureTopics(config);
    }

    String decisionsTopic() { return config.get(KafkaKeys.TOPIC_DECISIONS); }
    String rewardsTopic() { return config.get(KafkaKeys.TOPIC_REWARDS); }
    String examplesTopic() { return config.get(KafkaKeys.TOPIC_EXAMPLES); }
    String deadTopic() { return config.get(KafkaKeys.TOPIC_DEAD_LETTERS); }

    void send(Decision d) {
        sendRaw(decisionsTopic(), d.eventId(), EventJson.write(d));
    }

    void send(Reward r) {
        sendRaw(rewardsTopic(), r.eventId(), EventJson.write(r));
    }

    /** Sends a decision or a reward. */
    void send0(Object o) {
        if (o instanceof Decision d) send(d);
        else send((Reward) o);
    }

    void sendRaw(String topic, String key, byte[] value) {
        sends.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    void sendRaw(String topic, int partition, String key, byte[] value) {
        sends.add(producer.send(new ProducerRecord<>(topic, partition, key, value)));
    }

    /**
     * A decision and a reward far in the future on every input partition, so that the watermark closes all earlier
     * windows without relying on idleness (which, on a loaded machine, can declare a slow partition idle too soon).
     * The sentinels themselves stay in the join's state: their windows never close.
     */
    void sendWatermarkSentinels(Instant at) {
        int partitions = config.get(KafkaKeys.TOPIC_PARTITIONS);
        for (int p = 0; p < partitions; p++) {
            Decision s = TestEvents.decision("sentinel-" + p + "-" + at.toEpochMilli(), at);
            sendRaw(decisionsTopic(), p, s.eventId(), EventJson.write(s));
            Reward r = Reward.of("sentinel-reward-" + p + "-" + at.toEpochMilli(), at, 0.0);
            sendRaw(rewardsTopic(), p, r.eventId(), EventJson.write(r));
        }
    }

    /** Waits until everything sent so far is written; input Kafka refused fails the test. */
    void flush() {
        producer.flush();
        TestProducers.awaitAll(sends);
        sends.clear();
    }

    /** Reads committed records of {@code topic} until {@code done} holds or the timeout passes. */
    List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                   Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(topic))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Reads everything committed in {@code topic} after {@code quiet} without new records. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration quiet) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(topic))) {
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) lastNew = System.nanoTime();
                batch.forEach(out::add);
            }
        }
        return out;
    }

    /**
     * What a test that waited in vain for committed output should say: how many records of {@code topic} were
     * written at all (read_uncommitted: an open or aborted transaction shows here but not to read_committed
     * readers), which of {@code expectedKeys} were never written, and the job's status. Tells "the job did not
     * emit" apart from "it emitted but did not commit".
     */
    String shortfall(String topic, Collection<String> expectedKeys, JobClient job) {
        Set<String> written = new HashSet<>();
        int records = 0;
        try (var consumer = kafka.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < Duration.ofSeconds(2).toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) lastNew = System.nanoTime();
                for (var r : batch) {
                    records++;
                    written.add(r.key());
                }
            }
        }
        List<String> missing = expectedKeys.stream().filter(k -> !written.contains(k)).sorted().toList();
        String status;
        try {
            status = job.getJobStatus().get(10, TimeUnit.SECONDS).toString();
        } catch (Exception e) {
            status = "unknown (" + e + ")";
        }
        return "job " + status + "; " + records + " records in " + topic + " counting uncommitted ones, "
                + missing.size() + " expected keys never written" + (missing.isEmpty() ? "" : ": "
                + missing.subList(0, Math.min(20, missing.size())));
    }

    @Override
    public void close() {
        producer.close();
    }

    static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
