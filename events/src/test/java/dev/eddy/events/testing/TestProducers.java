package dev.eddy.events.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eddy.events.kafka.KafkaClientProperties;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Producers of test input that lose nothing on a topic created a moment before.
 *
 * <p>Right after a topic is created the broker can answer NOT_LEADER_OR_FOLLOWER to the first batches; with the
 * idempotent producer's default of five requests in flight, a later batch may then be appended first, and the broker
 * (which takes any first sequence number of a producer it does not know) refuses the retried earlier batch as out of
 * order for good. The test then waits for output whose input was never written. One request in flight retries the
 * failed batch before anything after it is sent; checking every send turns any refusal into a clear failure.
 */
public final class TestProducers {
    private TestProducers() {}

    /** acks=all, idempotent, one request in flight. */
    public static Properties reliable(String bootstrapServers) {
        return reliable(KafkaClientProperties.plaintext(bootstrapServers));
    }

    /** The same with the client properties (security) of {@code kafka}. */
    public static Properties reliable(KafkaClientProperties kafka) {
        return kafka.properties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"));
    }

    public static KafkaProducer<String, byte[]> create(String bootstrapServers) {
        return new KafkaProducer<>(reliable(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
    }

    public static KafkaProducer<String, byte[]> create(KafkaClientProperties kafka) {
        return new KafkaProducer<>(reliable(kafka), new StringSerializer(), new ByteArraySerializer());
    }

    /** Waits for every send; the first one Kafka refused fails the test. */
    public static void awaitAll(List<Future<RecordMetadata>> sends) {
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new AssertionError("test input was not written to Kafka: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while writing test input", e);
            }
        }
    }
}
