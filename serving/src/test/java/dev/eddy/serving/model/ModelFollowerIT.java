package dev.eddy.serving.model;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.kafka.TopicSpec;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.serving.retrieval.RetrievalSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The follower against a real broker, fed the way the learner and retrain jobs write eddy.models. */
class ModelFollowerIT {
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(TOPICS.specs(1, (short) 1));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // One request in flight: a batch refused by a topic created a moment ago is retried before any later one.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.close();
        if (kafka != null) kafka.close();
    }

    /** Key = the part's own key, value = its JSON (ModelPublisher / DeltaPublisher). */
    private static void publish(Published v) {
        publish(TOPICS.models(), v);
    }

    private static void publish(String topic, Published v) {
        for (ModelPart part : v.parts()) {
            producer.send(new ProducerRecord<>(topic, part.key(), EventJson.write(part)));
        }
        producer.flush();
    }

    private static EmbeddingRows.Changes rows(List<String> ids, int dim, float base, List<String> removed) {
        float[] r = new float[ids.size() * dim];
        for (int i = 0; i < r.length; i++) r[i] = base + i % dim;
        return new EmbeddingRows.Changes(ids, r, removed);
    }

    @Test
    void swapsToCompleteVersionsAndKeepsThePreviousOneOnCorruptOrIncompleteOnes() throws Exception {
        int dim = 4;
        // v1 is on the topic before the follower starts: it must be read from the beginning.
        publish(Published.embeddings("recs", 1, 0, dim, rows(List.of("u1", "u2"), dim, 1, List.of()),
                rows(List.of("a", "b", "c"), dim, 0.5f, List.of()), 2, 3));

        try (ModelFollower follower = ModelFollower.start(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS.models(), RetrievalSettings.DEFAULT)) {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(follower.current().embedding("recs").orElseThrow().version()).isEqualTo(1);

            List<ServingModels> swaps = new java.util.concurrent.CopyOnWriteArrayList<>();
            follower.onSwap(swaps::add);

            // v2: a delta that changes u1, adds d and removes c.
            publish(Published.embeddings("recs", 2, 1, dim, rows(List.of("u1"), dim, 9, List.of()),
                    rows(List.of("d"), dim, 2, List.of("c")), 2, 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.current().embedding("recs").orElseThrow().version() == 2);
            EmbeddingIndex v2 = follower.current().embedding("recs").orElseThrow();
            assertThat(v2.itemVector("c")).isEmpty();
            assertThat(v2.itemVector("d")).isPresent();
            assertThat(v2.userVector("u1").orElseThrow()[0]).isEqualTo(9f);
            assertThat(v2.userVector("u2").orElseThrow()[0]).isEqualTo(1f);
            assertThat(swaps).isNotEmpty();

            // v3 corrupt (checksum), v4 incomplete (a block missing), v5 a delta on the rejected v3.
            publish(Published.embeddings("recs", 3, 2, dim, rows(List.of("u2"), dim, 7, List.of()),
                    rows(List.of(), dim, 0, List.of()), 2, 3).withWrongChecksum());
            publish(Published.embeddings("recs", 4, 2, dim, rows(List.of("u2"), dim, 8, List.of()),
                    rows(List.of("e"), dim, 0, List.of()), 2, 4).withoutLastBlock());
            publish(Published.embeddings("recs", 5, 3, dim, rows(List.of("u2"), dim, 6, List.of()),
                    rows(List.of(), dim, 0, List.of()), 2, 3));

            // A NeuFastCB version published as the learner job does.
            BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HashingConfig.ofBits(12).withCrosses("user:item"), 12, 17);
            publish(Published.bandit("neufastcb", 1, spec, BanditPolicyTest.trained(spec, 200), 200));

            await().atMost(Duration.ofSeconds(30)).until(() -> follower.current().bandit("neufastcb").isPresent()
                    && follower.versionsRejected() >= 2);
            ServingModels now = follower.current();
            assertThat(now.embedding("recs").orElseThrow().version()).isEqualTo(2);
            assertThat(now.embedding("recs").orElseThrow().userVector("u2").orElseThrow()[0]).isEqualTo(1f);
            assertThat(follower.versionsRejected()).isEqualTo(2);   // v3 (checksum) and v5 (its base was rejected)
            assertThat(follower.versionsLoaded()).isEqualTo(3);     // v1, v2, the bandit
            BanditPolicy bandit = now.bandit("neufastcb").orElseThrow();
            assertThat(bandit.version()).isEqualTo(1);
            assertThat(bandit.learner()).isEqualTo("neufastcb");
            var r = bandit.rank(bandit.round(BanditPolicyTest.context(1), BanditPolicyTest.candidates(12)), 3,
                    new java.util.SplittableRandom(1));
            assertThat(r.size()).isEqualTo(3);
            assertThat(now.versions()).containsEntry("recs", 2L).containsEntry("neufastcb", 1L);
        }
    }

    private static List<String> catalogueIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add("c" + i);
        return ids;
    }

    /**
     * A follower of {@code topic} (a topic of its own: the other tests count the versions on the shared one) once
     * version 1 of model "catalogue" answers from its ANN graph (exact scan only up to 100 items).
     */
    private static ModelFollower followAnnCatalogue(String topic, List<String> ids, int dim) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(List.of(new TopicSpec(topic, 1, (short) 1, Map.of())));
        }
        publish(topic, Published.embeddings("catalogue", 1, 0, dim, rows(List.of("u1"), dim, 1, List.of()),
                rows(ids, dim, 0.25f, List.of()), 1, ids.size()));
        ModelFollower follower = ModelFollower.start(KafkaClientProperties.plaintext(kafka.bootstrapServers()), topic,
                RetrievalSettings.DEFAULT.withExactUpTo(100));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> follower.current().embedding("catalogue")
                    .map(EmbeddingIndex::usesAnn).orElse(false));
            return follower;
        } catch (RuntimeException | Error e) {
            follower.close();
            throw e;
        }
    }

    /** A new catalogue waits for its graph: no request ever sees the new version answered by the full scan. */
    @Test
    void aNewCatalogueIsSwappedInOnlyWithItsGraphBuilt() throws Exception {
        int dim = 8;
        List<String> ids = catalogueIds(2_000);
        String topic = "models-ann";
        try (ModelFollower follower = followAnnCatalogue(topic, ids, dim)) {
            publish(topic, Published.embeddings("catalogue", 2, 0, dim, rows(List.of("u1"), dim, 2, List.of()),
                    rows(ids, dim, 0.5f, List.of()), 1, ids.size()));
            boolean sawPending = false;
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < end) {
                EmbeddingIndex served = follower.current().embedding("catalogue").orElseThrow();
                assertThat(served.usesAnn()).as("version " + served.version() + " answers from its graph").isTrue();
                sawPending |= follower.pendingVersions() > 0;
                if (served.version() == 2) break;
                Thread.sleep(5);
            }
            assertThat(follower.current().embedding("catalogue").orElseThrow().version()).isEqualTo(2);
            assertThat(sawPending).as("version 2 waited for its graph").isTrue();
        }
    }

    /**
     * The retrain job's fold-in can add items in every version, every second or so: faster than a large catalogue's
     * graph is built. Each such version still gets swapped in within about two builds; a newer version must not
     * throw away a build that is under way and wait behind it, or serving would stay on the old version for as long
     * as new items keep coming.
     */
    @Test
    void versionsThatAddItemsFasterThanAGraphBuildsAreStillSwappedIn() throws Exception {
        int dim = 8;
        List<String> ids = catalogueIds(5_000);
        String topic = "models-ann-stream";
        try (ModelFollower follower = followAnnCatalogue(topic, ids, dim)) {
            long t0 = System.nanoTime();
            long served = 1;
            int v = 2;
            for (; v <= 80 && served == 1; v++) {
                publish(topic, Published.embeddings("catalogue", v, v - 1, dim, rows(List.of(), dim, 0, List.of()),
                        rows(List.of("new" + v), dim, 0.75f, List.of()), 1, ids.size() + v - 1));
                Thread.sleep(40);
                EmbeddingIndex index = follower.current().embedding("catalogue").orElseThrow();
                assertThat(index.usesAnn()).as("version " + index.version() + " answers from its graph").isTrue();
                served = index.version();
            }
            assertThat(served).as("a version with new items swapped in while they kept coming (%d published in %d ms)",
                    v - 2, (System.nanoTime() - t0) / 1_000_000).isGreaterThan(1);
            assertThat(follower.current().embedding("catalogue").orElseThrow().itemVector("new" + served)).isPresent();
        }
    }

    @Test
    void seenItemsFollowInteractionsFromALookback() throws Exception {
        Instant now = Instant.now();
        producer.send(new ProducerRecord<>(TOPICS.interactions(), null, now.minusSeconds(3600).toEpochMilli(), "old",
                EventJson.write(new Interaction("e0", now.minusSeconds(3600), "old", "x", "click", null))));
        producer.send(new ProducerRecord<>(TOPICS.interactions(), null, now.minusSeconds(60).toEpochMilli(), "u",
                EventJson.write(new Interaction("e1", now.minusSeconds(60), "u", "a", "click", null))));
        producer.send(new ProducerRecord<>(TOPICS.interactions(), "u", "not json".getBytes()));
        producer.flush();

        SeenItems seen = new SeenItems(100, 10);
        try (InteractionFollower f = InteractionFollower.start(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS.interactions(),
                Duration.ofMinutes(10), seen, Clock.systemUTC())) {
            producer.send(new ProducerRecord<>(TOPICS.interactions(), "u",
                    EventJson.write(new Interaction("e2", Instant.now(), "u", "b", "view", null))));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.seen("u").size() == 2 && f.unreadable() == 1);
            assertThat(seen.seen("u")).containsExactly("a", "b");
            assertThat(seen.seen("old")).isEmpty();
        }
    }
}
