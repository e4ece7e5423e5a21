package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.CommittedReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Counting what the benchmark's job wrote (committed records only). */
final class BenchKafka {

    private BenchKafka() {}

    /** Counts the committed records of {@code topic} (reading until the end offsets), passing values to {@code each}. */
    static long countAll(KafkaClientProperties kafka, String topic, java.util.function.Consumer<byte[]> each) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     CommittedReader.fromBeginning(kafka, List.of(topic), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.copyOf(consumer.assignment());
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) {
                    if (consumer.position(tp) < end.get(tp)) done = false;
                }
                if (done) break;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    n++;
                    if (each != null) each.accept(r.value());
                }
            }
        }
        return n;
    }
}
