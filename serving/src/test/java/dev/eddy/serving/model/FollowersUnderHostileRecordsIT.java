package dev.eddy.serving.model;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.kafka.TopicSpec;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.testing.JsonMutations;
import dev.eddy.serving.retrieval.RetrievalSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The followers' own poll loops on a real broker, with hostile records (random bytes, records cut short, valid JSON of
 * the wrong shape, tombstones) between good ones: the good versions and interactions are served, every hostile
 * record is counted as unreadable (exactly), and the loop is still alive after them, which a good record published
 * last proves.
 */
class FollowersUnderHostileRecordsIT {
    private static final int DIM = 4;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(List.of(new TopicSpec("models-hostile", 1, (short) 1, Map.of()),
                    new TopicSpec("interactions-hostile", 1, (short) 1, Map.of())));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void modelFollowerServesTheGoodVersionsAndCountsEveryHostileRecord() throws Exception {
        String topic = "models-hostile";
        Random random = new Random(16);
        publish(topic, version(1, 0, 1));
        try (ModelFollower follower = ModelFollower.start(KafkaClientProperties.plaintext(kafka.bootstrapServers()),
                topic, RetrievalSettings.DEFAULT)) {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(served(follower)).isEqualTo(1);

            int hostile = sendHostile(topic, version(2, 1, 2), random, 150);
            publish(topic, version(2, 1, 2));
            hostile += sendHostile(topic, version(3, 2, 3), random, 150);
            // Version 3, after all of them: read only if the loop survived them.
            publish(topic, version(3, 2, 3));

            await().atMost(Duration.ofSeconds(60)).until(() -> served(follower) == 3);
            assertThat(follower.unreadableRecords()).isEqualTo(hostile);
            assertThat(follower.versionsLoaded()).isEqualTo(3);
            assertThat(follower.versionsRejected()).isZero();
            assertThat(follower.caughtUp()).isTrue();
            EmbeddingIndex v3 = follower.current().embedding("recs").orElseThrow();
            assertThat(v3.userVector("u3").orElseThrow()[0]).isEqualTo(3f);
            assertThat(v3.userVector("u1").orElseThrow()[0]).isEqualTo(1f);
        }
    }

    @Test
    void interactionFollowerRecordsTheGoodInteractionsAndCountsEveryHostileRecord() throws Exception {
        String topic = "interactions-hostile";
        Random random = new Random(17);
        SeenItems seen = new SeenItems(100, 100);
        try (InteractionFollower follower = InteractionFollower.start(
                KafkaClientProperties.plaintext(kafka.bootstrapServers()), topic, Duration.ZERO, seen, Clock.systemUTC())) {
            int good = 0;
            int hostile = 0;
            for (int i = 0; i < 100; i++) {
                byte[] valid = EventJson.write(new Interaction("e" + i, Instant.now(), "u", "i" + i, "click", null));
                if (i % 2 == 0) {
                    producer.send(new ProducerRecord<>(topic, "u", valid));
                    good++;
                } else {
                    producer.send(new ProducerRecord<>(topic, "u", hostileValue(valid, random, i)));
                    hostile++;
                }
            }
            producer.send(new ProducerRecord<>(topic, "u",
                    EventJson.write(new Interaction("last", Instant.now(), "u", "last", "click", null))));
            producer.flush();
            int expectedRecorded = good + 1;
            int expectedUnreadable = hostile;
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.seen("u").contains("last"));
            assertThat(follower.recorded()).isEqualTo(expectedRecorded);
            assertThat(follower.unreadable()).isEqualTo(expectedUnreadable);
            assertThat(seen.seen("u")).hasSize(expectedRecorded);
        }
    }

    /** Sends {@code n} records none of which is a model part, most made from {@code v}'s own parts; returns n. */
    private static int sendHostile(String topic, Published v, Random random, int n) {
        List<ModelPart> parts = v.parts();
        for (int i = 0; i < n; i++) {
            ModelPart part = parts.get(random.nextInt(parts.size()));
            producer.send(new ProducerRecord<>(topic, part.key(), hostileValue(EventJson.write(part), random, i)));
        }
        producer.flush();
        return n;
    }

    /** A value that is never a valid record: cut short, random bytes, the wrong JSON, empty or a tombstone. */
    private static byte[] hostileValue(byte[] valid, Random random, int i) {
        return switch (i % 6) {
            case 0 -> Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 2));
            case 1 -> JsonMutations.random(random);
            case 2 -> "{\"unexpected\":[1,2,{\"deep\":1e999}]}".getBytes(StandardCharsets.UTF_8);
            case 3 -> null;
            case 4 -> new byte[0];
            default -> ("\uFEFF" + new String(valid, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static long served(ModelFollower follower) {
        return follower.current().embedding("recs").map(EmbeddingIndex::version).orElse(0L);
    }

    /** Version {@code v} of model "recs": user "u{v}" with vector [v, ...], based on {@code base}. */
    private static Published version(long v, long base, int users) {
        float[] user = new float[DIM];
        Arrays.fill(user, v);
        float[] items = new float[DIM * 2];
        Arrays.fill(items, 0.5f);
        return Published.embeddings("recs", v, base, DIM, new EmbeddingRows.Changes(List.of("u" + v), user, List.of()),
                base == 0 ? new EmbeddingRows.Changes(List.of("a", "b"), items, List.of())
                        : new EmbeddingRows.Changes(List.of(), new float[0], List.of()),
                users, 2);
    }

    private static void publish(String topic, Published v) {
        for (ModelPart part : v.parts()) producer.send(new ProducerRecord<>(topic, part.key(), EventJson.write(part)));
        producer.flush();
    }
}
