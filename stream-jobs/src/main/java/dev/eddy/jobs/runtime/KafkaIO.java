package dev.eddy.jobs.runtime;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka sources and exactly-once sinks configured the same way for every Eddy job; {@link JoinKafka},
 * {@link LearnerKafka}, {@link RetrainKafka} and {@link ExperimentsKafka} make each job's inputs and outputs of them,
 * and replay its bounded source. The only place that builds Flink's Kafka connectors: each gets the configured
 * client properties ({@code kafka.client.*}, through {@link KafkaClientProperties}).
 */
public final class KafkaIO {
    private KafkaIO() {}

    /**
     * A source over {@code topics} that starts from the group's committed offsets (earliest when there are none);
     * when the job restores from a checkpoint the checkpointed offsets win.
     */
    public static <T> KafkaSource<T> source(EddyConfig c, List<String> topics, String groupId,
                                            KafkaRecordDeserializationSchema<T> deserializer) {
        return source(c, topics, groupId, groupId, deserializer);
    }

    /**
     * The same, with its own client-id prefix: for a job's second source in the same consumer group, whose
     * consumers would otherwise have the first one's client ids (clashing JMX names, mixed-up broker metrics).
     */
    public static <T> KafkaSource<T> source(EddyConfig c, List<String> topics, String groupId, String clientIdPrefix,
                                            KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setProperties(KafkaClientProperties.from(c).properties(Map.of()))
                .setTopics(topics)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                // Upstream writers may be transactional (other Eddy jobs); never read their aborted data.
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", clientIdPrefix)
                .build();
    }

    /**
     * An exactly-once sink of JSON records to {@code topic}: output becomes visible when the checkpoint that
     * covers it completes, and a restore neither loses nor repeats records (readers use read_committed).
     */
    public static KafkaSink<KeyedBytes> exactlyOnceSink(EddyConfig c, String topic, String transactionalIdPrefix) {
        Properties producer = KafkaClientProperties.from(c).properties(Map.of(
                "transaction.timeout.ms", String.valueOf(c.get(KafkaKeys.TRANSACTION_TIMEOUT).toMillis()),
                "linger.ms", "20",
                "batch.size", String.valueOf(256 * 1024),
                "compression.type", "lz4"));
        return KafkaSink.<KeyedBytes>builder()
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                // No record timestamp: Kafka stamps the write time. Event time is in the payload; as the Kafka
                // timestamp it would make time-based retention delete the output of a replay of old logs at once.
                .setRecordSerializer((KafkaRecordSerializationSchema<KeyedBytes>) (r, ctx, ts) ->
                        new ProducerRecord<>(topic, null, null, r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8),
                                r.value))
                .build();
    }

    /**
     * A bounded source over the records of {@code topic} whose record time lies in [from, to): Kafka's time index
     * finds the start and end offsets of each partition, and the source stops there (replay).
     */
    public static <T> KafkaSource<T> boundedSource(KafkaClientProperties kafka, String topic, Instant from, Instant to,
                                                   String groupId, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setProperties(kafka.properties(Map.of()))
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.timestamp(from.toEpochMilli()))
                .setBounded(OffsetsInitializer.timestamp(to.toEpochMilli()))
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .setProperty("client.id.prefix", groupId)
                .build();
    }
}
