package dev.eddy.serving;

import dev.eddy.events.kafka.KafkaClientProperties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.log.DurableLogging;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * serving.log.durable on the embedded broker: every answered request's event is already in its topic when the answer
 * arrives (the end offset, which counts only records on every in-sync replica, has moved past it), and with the
 * broker gone requests get a 503 that says why within the timeout, instead of an answer whose event is lost or a
 * request that hangs.
 */
class DurableLoggingIT {
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String CANDIDATES = "\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]";

    @Test
    void anAnswerMeansItsEventIsInTheTopicAndABrokerThatIsGoneMeans503NotAHang() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ServingApp app = null;
        try {
            try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
                admin.ensure(TOPICS.specs(1, (short) 1));
            }
            // Uniform over the request's candidates: no model needed, the log is what is tested.
            RecommendationService.Settings service = new RecommendationService.Settings(
                    new VariantPlan("uniform", "recs", null, Map.of()), 5, true, 0.1, TOPICS);
            ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                    ApiKeys.disabled());
            app = ServingApp.start(new ServingApp.Settings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS, http, service, null, 1000,
                    100, 10, Duration.ofMinutes(1), 100_000, 10, Duration.ZERO, DurableLogging.on(TIMEOUT)));
            assertThat(app.awaitReady(Duration.ofSeconds(60))).isTrue();
            HttpClient client = HttpClient.newHttpClient();

            List<String> answered = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer(kafka.bootstrapServers())) {
                TopicPartition decisions = new TopicPartition(TOPICS.decisions(), 0);
                TopicPartition rewards = new TopicPartition(TOPICS.rewards(), 0);
                TopicPartition interactions = new TopicPartition(TOPICS.interactions(), 0);
                for (int i = 1; i <= 30; i++) {
                    HttpResponse<String> rank = post(client, app, "/v1/rank", "{\"userId\":\"u" + i + "\",\"k\":2," + CANDIDATES + "}");
                    assertThat(rank.statusCode()).as(rank.body()).isEqualTo(200);
                    String eventId = JSON.readTree(rank.body()).get("eventId").asText();
                    answered.add(eventId);
                    // Checked at once, no waiting: the asynchronous log (20 ms linger) would fail this.
                    assertThat(endOffset(consumer, decisions)).as("decisions in the topic after answer " + i).isEqualTo(i);

                    HttpResponse<String> reward = post(client, app, "/v1/reward", "{\"eventId\":\"" + eventId + "\",\"value\":1}");
                    assertThat(reward.statusCode()).as(reward.body()).isEqualTo(202);
                    assertThat(JSON.readTree(reward.body()).get("logged").asBoolean()).isTrue();
                    assertThat(endOffset(consumer, rewards)).isEqualTo(i);

                    HttpResponse<String> event = post(client, app, "/v1/events", "{\"userId\":\"u" + i + "\",\"itemId\":\"a\"}");
                    assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
                    assertThat(endOffset(consumer, interactions)).isEqualTo(i);
                }
                assertThat(keys(consumer, decisions, answered.size())).isEqualTo(new HashSet<>(answered));
            }
            assertThat(app.logCounts().sent()).isEqualTo(90);
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("eddy_log_ack_seconds_count 90");

            kafka.close();

            for (String[] call : new String[][] {
                    {"/v1/rank", "{\"userId\":\"u1\",\"k\":2," + CANDIDATES + "}"},
                    {"/v1/reward", "{\"eventId\":\"" + answered.get(0) + "\",\"value\":1}"},
                    {"/v1/events", "{\"userId\":\"u1\",\"itemId\":\"b\"}"}}) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = post(client, app, call[0], call[1]);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).as(call[0] + ": " + r.body()).isEqualTo(503);
                assertThat(millis).as(call[0] + " waited for the broker").isBetween(TIMEOUT.toMillis() / 2,
                        TIMEOUT.toMillis() + 3000);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("error").asText()).startsWith("not answered: the event could not be logged to Kafka (")
                        .contains("serving.log.durable is on").doesNotContain("Exception:").doesNotContain("\tat ");
            }
            assertThat(app.logCounts().failed()).isEqualTo(3);
            assertThat(app.logCounts().sent()).isEqualTo(90);
        } finally {
            if (app != null) app.close();
            kafka.close();
        }
    }

    private static long endOffset(KafkaConsumer<String, byte[]> consumer, TopicPartition tp) {
        return consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
    }

    private static Set<String> keys(KafkaConsumer<String, byte[]> consumer, TopicPartition tp, int expected) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        Set<String> keys = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (keys.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) keys.add(r.key());
        }
        return keys;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static HttpResponse<String> post(HttpClient client, ServingApp app, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
