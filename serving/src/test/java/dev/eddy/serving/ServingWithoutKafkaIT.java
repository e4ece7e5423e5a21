package dev.eddy.serving;

import dev.eddy.events.kafka.KafkaClientProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.model.Published;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away while serving runs: requests keep being answered from the models already loaded, without
 * waiting for Kafka, and what could not be logged is counted (queued, then dropped once the bounded buffer is full).
 */
class ServingWithoutKafkaIT {
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keepsAnsweringAndCountsWhatItCouldNotLog() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ServingApp app = null;
        try {
            try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
                admin.ensure(TOPICS.specs(1, (short) 1));
            }
            publishModel(kafka.bootstrapServers());
            ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                    ApiKeys.disabled());
            RecommendationService.Settings service = new RecommendationService.Settings(
                    new VariantPlan("mf-topk", "recs", null, Map.of()), 5, true, 0.1, TOPICS);
            int buffer = 50;
            app = ServingApp.start(new ServingApp.Settings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS, http, service, null, buffer,
                    100, 10, Duration.ofMinutes(1), 100_000));
            ServingApp serving = app;
            await().atMost(Duration.ofSeconds(30)).until(() -> serving.models().current().embedding("recs").isPresent());
            // Traffic comes once /readyz says 200 (after the warm-up); the broker then goes away.
            assertThat(serving.awaitReady(Duration.ofSeconds(90))).isTrue();

            kafka.close();

            HttpClient client = HttpClient.newHttpClient();
            List<Long> millis = new ArrayList<>();
            int notLogged = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> rank = post(client, serving, "/v1/rank", "{\"userId\":\"u" + (i % 3) + "\",\"k\":2}");
                HttpResponse<String> event = post(client, serving, "/v1/events", "{\"userId\":\"u1\",\"itemId\":\"i" + i + "\"}");
                millis.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(rank.statusCode()).as(rank.body()).isEqualTo(200);
                assertThat(JSON.readTree(rank.body()).get("items")).hasSize(2);
                assertThat(event.statusCode()).isEqualTo(202);
                JsonNode accepted = JSON.readTree(event.body());
                if (!accepted.get("logged").asBoolean()) notLogged++;
            }
            // Kafka's client waits up to max.block.ms (2 s) for metadata; a request that waited for it would show.
            assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(1000);
            var counts = serving.logCounts();
            assertThat(counts.dropped()).as("the buffer of " + buffer + " filled up").isPositive();
            assertThat(notLogged).isPositive();
            assertThat(counts.sent()).isZero();
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).containsPattern("eddy_log_records_total\\{outcome=\"dropped\"} [1-9]");
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        } finally {
            if (app != null) app.close();
            kafka.close();
        }
    }

    private static HttpResponse<String> post(HttpClient client, ServingApp app, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void publishModel(String bootstrap) {
        int dim = 4;
        List<String> users = List.of("u0", "u1", "u2");
        List<String> items = new ArrayList<>();
        float[] u = new float[users.size() * dim];
        float[] it = new float[20 * dim];
        for (int i = 0; i < u.length; i++) u[i] = 1 + i % dim;
        for (int i = 0; i < 20; i++) {
            items.add("i" + i);
            for (int d = 0; d < dim; d++) it[i * dim + d] = (i + d) % 5;
        }
        Published v = Published.embeddings("recs", 1, 0, dim, new EmbeddingRows.Changes(users, u, List.of()),
                new EmbeddingRows.Changes(items, it, List.of()), users.size(), items.size());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // One request in flight: a batch refused by a topic created a moment ago is retried before any later one.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ModelPart part : v.parts()) producer.send(new ProducerRecord<>(TOPICS.models(), part.key(), EventJson.write(part)));
        }
    }
}
