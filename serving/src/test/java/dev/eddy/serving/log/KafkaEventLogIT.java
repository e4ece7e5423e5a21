package dev.eddy.serving.log;

import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.kafka.TopicSpec;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The asynchronous decision log against a real broker: what it accepted it sends, in order, and close drains it. */
class KafkaEventLogIT {

    private static final String TOPIC = "log-test";

    @Test
    void everyAcceptedRecordIsSentInOrderWhetherItCameAloneOrInABurst() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClientProperties props = KafkaClientProperties.plaintext(kafka.bootstrapServers());
            try (TopicAdmin admin = new TopicAdmin(props)) {
                admin.ensure(List.of(new TopicSpec(TOPIC, 1, (short) 1, Map.of())));
            }
            KafkaEventLog log = new KafkaEventLog(props, 10_000, Map.of());
            int n = 0;
            // Alone (the sender waits on the queue and is woken), then bursts (it gathers between pauses), then alone.
            for (int i = 0; i < 5; i++, n++) {
                assertThat(log.offer(TOPIC, "k" + n, ("v" + n).getBytes(StandardCharsets.UTF_8))).isTrue();
                Thread.sleep(30);
            }
            for (int burst = 0; burst < 20; burst++) {
                for (int i = 0; i < 100; i++, n++) log.offer(TOPIC, "k" + n, ("v" + n).getBytes(StandardCharsets.UTF_8));
                Thread.sleep(2);
            }
            Thread.sleep(200);
            for (int i = 0; i < 5; i++, n++) {
                log.offer(TOPIC, "k" + n, ("v" + n).getBytes(StandardCharsets.UTF_8));
                Thread.sleep(30);
            }
            // The last burst goes straight into close, which must send it before it returns.
            for (int i = 0; i < 500; i++, n++) log.offer(TOPIC, "k" + n, ("v" + n).getBytes(StandardCharsets.UTF_8));
            log.close();

            assertThat(log.counts()).isEqualTo(new EventLog.Counts(n, n, 0, 0, 0));
            List<String> keys = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = CommittedReader.fromBeginning(props, List.of(TOPIC))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (keys.size() < n && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) keys.add(r.key());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) expected.add("k" + i);
            assertThat(keys).containsExactlyElementsOf(expected);
        }
    }
}
