package dev.eddy.events.kafka;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic creation and an event round trip, run against every kind of {@link TestKafka}. */
abstract class KafkaRoundTripContract {

    abstract TestKafka kafka();

    @Test
    void createsStandardTopicsIdempotentlyAndDescribesThem() {
        try (TopicAdmin admin = new TopicAdmin(kafka().clientProperties())) {
            List<TopicSpec> specs = EddyTopics.DEFAULT.specs(3, (short) 1);
            List<String> created = admin.ensure(specs);
            assertThat(admin.ensure(specs)).as("second call creates nothing").isEmpty();
            assertThat(created).containsAll(List.of("eddy.decisions", "eddy.models"));
            var info = admin.describe(EddyTopics.DEFAULT.all());
            assertThat(info).hasSize(8);
            var control = info.stream().filter(t -> t.name().equals("eddy.control")).findFirst().orElseThrow();
            assertThat(control.partitions()).isEqualTo(1);
            var models = info.stream().filter(t -> t.name().equals("eddy.models")).findFirst().orElseThrow();
            assertThat(models.configs()).containsEntry("cleanup.policy", "compact");
            var decisions = info.stream().filter(t -> t.name().equals("eddy.decisions")).findFirst().orElseThrow();
            assertThat(decisions.partitions()).isEqualTo(3);
        }
    }

    @Test
    void decisionSurvivesTheRoundTripThroughTheBroker() {
        String topic = "roundtrip-" + kafka().kind();
        Decision sent = Decision.builder().eventId("ev-1").timestamp(Instant.parse("2026-11-24T10:00:00Z")).userId("u1")
                .policy("uniform").context(Map.of("user", Map.of("country=DE", 1.0)))
                .candidates(List.of(Candidate.of("a"), Candidate.of("b"))).chosen(List.of(1)).probabilities(List.of(0.5))
                .build();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        // One request in flight: a batch refused by a topic created a moment ago is retried before any later one.
        pp.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (var producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, sent.eventId(), EventJson.write(sent))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo("ev-1");
        try {
            assertThat(EventJson.parseDecision(got.get(0).value())).isEqualTo(sent);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
