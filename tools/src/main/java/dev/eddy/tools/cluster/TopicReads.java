package dev.eddy.tools.cluster;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.CommittedReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads a topic from its beginning to its current end with read_committed, as the checks need it. */
final class TopicReads {
    private TopicReads() {}

    static void readAll(String bootstrap, String topic, Duration timeout, Consumer<ConsumerRecord<String, byte[]>> each) {
        long end = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.fromBeginning(KafkaClientProperties.plaintext(bootstrap), List.of(topic))) {
            // For read_committed, the end offsets are the last stable offsets: an open transaction ends the read.
            Map<TopicPartition, Long> last = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
            while (!reached(consumer, last)) {
                if (System.nanoTime() > end) throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> last) {
        for (var e : last.entrySet()) if (consumer.position(e.getKey()) < e.getValue()) return false;
        return true;
    }
}
