package dev.eddy.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A consumer of whole topics from their beginning that sees only committed records: how tools, tests and the
 * demo read the output of exactly-once jobs. It uses no consumer group, so reading changes nothing on the broker.
 */
public final class CommittedReader {
    private CommittedReader() {}

    /**
     * Opens a consumer assigned to every partition of {@code topics}, positioned at the beginning.
     *
     * @throws IllegalArgumentException if a topic does not exist
     * @throws KafkaAccessErrors.KafkaAccessException if a secured broker refuses the client or the topics
     */
    public static KafkaConsumer<String, byte[]> fromBeginning(KafkaClientProperties kafka, Collection<String> topics) {
        return fromBeginning(kafka, topics, new StringDeserializer());
    }

    /** The same with keys read by {@code keys} (benchmarks read raw bytes, to measure nothing but the read). */
    public static <K> KafkaConsumer<K, byte[]> fromBeginning(KafkaClientProperties kafka, Collection<String> topics,
                                                             Deserializer<K> keys) {
        KafkaConsumer<K, byte[]> consumer = kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), keys, new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : topics) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) throw new IllegalArgumentException("topic " + topic + " does not exist");
                infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw KafkaAccessErrors.rethrowable(e, kafka.bootstrapServers());
        }
    }
}
