package dev.eddy.serving;

import dev.eddy.events.kafka.KafkaClientProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.serving.error.ModelNotReadyException;
import dev.eddy.serving.error.NoItemsLeftException;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.ErrorBodies;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.model.BanditPolicyTest;
import dev.eddy.serving.model.Published;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.serving.log.DurableLogging;
import dev.eddy.serving.drift.DriftGuardSettings;
import dev.eddy.serving.results.ExperimentResultsResponse;
import dev.eddy.serving.results.ModelHistoryResponse;
import dev.eddy.serving.results.SimulatedExperiment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Serving end to end on the embedded broker: models published as the jobs publish them are followed and swapped
 * in, requests are answered over real HTTP with the variant's policy, decisions/rewards/interactions land on their
 * topics, every kind of bad request is a 4xx naming the field, and what cannot be answered yet a 503 with Retry-After.
 */
class ServingIT {
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static final int DIM = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static ServingApp app;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(TOPICS.specs(1, (short) 1));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // One request in flight: a batch refused by a topic created a moment ago is retried before any later one.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        publish(embeddings(1, 0.0f));
        BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HashingConfig.ofBits(12).withCrosses("user:item"), 12, 17);
        publish(Published.bandit("neucb-home", 3, spec, BanditPolicyTest.trained(spec, 300), 300));
        Path experiments = dir.resolve("experiments.yaml");
        Files.writeString(experiments, """
                experiments:
                  - id: home
                    status: running
                    default: control
                    variants:
                      - {name: control, weight: 1, policy: mf-topk, model: recs}
                      - {name: bandit, weight: 1, policy: neucb, banditModel: neucb-home}
                  - id: paused-one
                    status: paused
                    default: a
                    variants:
                      - {name: a, weight: 1, policy: uniform}
                """);
        app = ServingApp.start(settings(experiments, ApiKeys.disabled()));
        await().atMost(Duration.ofSeconds(60)).until(() -> app.models().current().versions().size() == 2);
        assertThat(app.awaitReady(Duration.ofSeconds(60))).isTrue();
        // The warm-up ran every policy a request can reach, and logged none of its decisions.
        assertThat(app.readiness().lastWarmUp().requests()).isGreaterThanOrEqualTo(5_000);
        assertThat(app.readiness().httpWarmUpRequests()).as("HTTP requests over loopback").isPositive();
        assertThat(app.logCounts().accepted()).isZero();
        assertThat(app.logCounts().dropped()).isZero();
        // Its HTTP part ranked over the real route (200s), and those decisions were not logged either (above).
        assertThat(get(app.baseUrl(), "/metrics").body())
                .containsPattern("eddy_http_server_requests_seconds_count\\{endpoint=\"rank\",status=\"2xx\",?\\} [1-9]");
    }

    static ServingApp.Settings settings(Path experiments, ApiKeys keys) {
        return settings(experiments, keys, true, 50);
    }

    static ServingApp.Settings settings(Path experiments, ApiKeys keys, boolean uniformFallback, int seenItemsPerUser) {
        ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT, keys);
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("mf-topk", "recs", null, Map.of()), 20, uniformFallback, 0.1, TOPICS);
        return new ServingApp.Settings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS, http, service, experiments, 10_000, 1000,
                seenItemsPerUser, Duration.ofMinutes(5), 100_000);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (producer != null) producer.close();
        if (kafka != null) kafka.close();
    }

    /** 30 users and 200 items; item i's vector points along axis i % DIM, user u's along u % DIM, plus {@code shift}. */
    private static Published embeddings(long version, float shift) {
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        float[] u = new float[30 * DIM];
        float[] it = new float[200 * DIM];
        Random r = new Random(version);
        for (int i = 0; i < 30; i++) {
            users.add("u" + i);
            u[i * DIM + i % DIM] = 1;
        }
        for (int i = 0; i < 200; i++) {
            items.add("i" + i);
            it[i * DIM + i % DIM] = 1 + i / 200f + shift;
            it[i * DIM + (i + 1) % DIM] = 0.1f * r.nextFloat();
        }
        return Published.embeddings("recs", version, 0, DIM, new EmbeddingRows.Changes(users, u, List.of()),
                new EmbeddingRows.Changes(items, it, List.of()), 30, 200);
    }

    private static void publish(Published v) {
        for (ModelPart part : v.parts()) producer.send(new ProducerRecord<>(TOPICS.models(), part.key(), EventJson.write(part)));
        producer.flush();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postChunked(String path, String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void retrievesTheBestUnseenItemsAndLogsTheDecision() throws Exception {
        // u3 looks along axis 3: items 3, 11, 19, ... score highest, the later ones a little higher.
        HttpResponse<String> seen = post("/v1/events", "{\"userId\":\"u3\",\"itemId\":\"i195\",\"type\":\"click\"}");
        assertThat(seen.statusCode()).isEqualTo(202);
        HttpResponse<String> r = post("/v1/rank", "{\"userId\":\"u3\",\"k\":5}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("policy").asText()).isEqualTo("mf-topk");
        assertThat(body.get("retrievalModel").asText()).isEqualTo("recs");
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(i -> ids.add(i.get("id").asText()));
        assertThat(ids).containsExactly("i187", "i179", "i171", "i163", "i155").doesNotContain("i195");
        assertThat(body.get("items").get(0).get("probability").asDouble()).isEqualTo(1.0);

        Decision d = readDecision(body.get("eventId").asText());
        assertThat(d.userId()).isEqualTo("u3");
        assertThat(d.candidates()).hasSize(20);
        assertThat(d.candidates().get(0).features()).containsKeys("item", "mf");
        assertThat(d.chosen()).hasSize(5);
        assertThat(d.policy()).isEqualTo("mf-topk");
        assertThat(d.latencyMs()).as("serving's latency of the decision").isNotNull().isPositive().isLessThan(10_000.0);
    }

    @Test
    void banditVariantRanksTheGivenCandidatesWithItsModelVersion() throws Exception {
        StringBuilder candidates = new StringBuilder();
        List<Candidate> cands = BanditPolicyTest.candidates(12);
        for (int i = 0; i < cands.size(); i++) {
            candidates.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(Map.of("id", cands.get(i).id(),
                    "features", cands.get(i).features())));
        }
        Map<String, Integer> variants = new HashMap<>();
        for (int u = 0; u < 40; u++) {
            HttpResponse<String> r = post("/v1/rank", "{\"userId\":\"user-" + u + "\",\"k\":3,\"experimentId\":\"home\","
                    + "\"context\":{\"user\":{\"segment=" + (u % 3) + "\":1.0}},\"candidates\":[" + candidates + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            String variant = body.get("variant").asText();
            variants.merge(variant, 1, Integer::sum);
            assertThat(body.get("experimentId").asText()).isEqualTo("home");
            assertThat(body.get("items")).hasSize(3);
            if (variant.equals("bandit")) {
                assertThat(body.get("policy").asText()).isEqualTo("neucb-home");
                assertThat(body.get("modelVersion").asLong()).isEqualTo(3);
                body.get("items").forEach(i -> assertThat(i.get("probability").asDouble()).isBetween(1e-9, 1.0));
            } else {
                assertThat(body.get("policy").asText()).isEqualTo("mf-topk");
            }
        }
        assertThat(variants).containsKeys("control", "bandit");
    }

    @Test
    void aFallOfABanditsRewardRateMakesServingTryOtherCandidatesUntilAVersionLearnedFromItProvesBetter()
            throws Exception {
        BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HashingConfig.ofBits(12).withCrosses("user:item"), 12, 17);
        publish(Published.bandit("neucb-drift", 1, spec, BanditPolicyTest.trained(spec, 300), 300));
        ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.disabled());
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("neucb", "recs", "neucb-drift", Map.of()), 20, true, 0.1, TOPICS);
        // Outcomes settle 300 ms after a decision; a baseline of 40; at rate 1/2 eight misses in a row raise the alarm.
        DriftGuardSettings guard = new DriftGuardSettings(true, Duration.ofMillis(300), 0.5, 3, 40, Duration.ofMinutes(5),
                10_000);
        try (ServingApp guarded = ServingApp.start(new ServingApp.Settings(KafkaClientProperties.plaintext(
                kafka.bootstrapServers()), TOPICS, http, service, null, 10_000, 1000, 50, Duration.ofMinutes(5), 100_000, 720,
                Duration.ZERO, DurableLogging.OFF, guard))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> guarded.models().current().bandit("neucb-drift").isPresent());
            String rank = "{\"userId\":\"u1\",\"k\":1,\"context\":{\"user\":{\"segment=1\":1.0}},"
                    + "\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"},{\"id\":\"d\"}]}";
            for (int i = 0; i < 40; i++) {
                JsonNode r = JSON.readTree(post(guarded, "/v1/rank", rank).body());
                assertThat(r.get("policy").asText()).isEqualTo("neucb-drift");
                if (i % 2 == 0) reward(guarded, r);
            }
            Thread.sleep(500);
            // The world changes: nothing the model picks is rewarded any more.
            long changedAt = System.currentTimeMillis();
            for (int i = 0; i < 20; i++) post(guarded, "/v1/rank", rank);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                post(guarded, "/v1/rank", rank);
                return get(guarded.baseUrl(), "/metrics").body().contains("eddy_serving_drift_exploring 1.0");
            });
            assertThat(get(guarded.baseUrl(), "/metrics").body()).contains("eddy_serving_drift_alarms 1.0");
            // Explored: the model's pick fills slot 1 with a small share (the alarm's evidence is against it), the
            // three others share the rest; the decision keeps the model's name, so the learner learns from it.
            JsonNode explored = JSON.readTree(post(guarded, "/v1/rank", rank).body());
            assertThat(explored.get("policy").asText()).isEqualTo("neucb-drift");
            Decision d = readDecision(explored.get("eventId").asText());
            assertThat(d.policy()).isEqualTo("neucb-drift");
            double pick = d.distribution().stream().filter(p -> isThePick(d.distribution(), d.distribution().indexOf(p)))
                    .findFirst().orElseThrow();
            assertThat(pick).isBetween(0.05, 0.2);
            assertThat(d.distribution()).containsOnly(pick, (1 - pick) / 3);
            // The propensity is the share over the mass left, a sum of doubles: equal to a share up to rounding.
            assertThat(d.probabilities().get(0)).satisfiesAnyOf(
                    p -> assertThat(p).isCloseTo(pick, within(1e-12)),
                    p -> assertThat(p).isCloseTo((1 - pick) / 3, within(1e-12)));

            // A version that learned only from decisions before the change changes nothing ...
            publish(Published.bandit("neucb-drift", 2, spec, BanditPolicyTest.trained(spec, 320), 320)
                    .withMetric(ModelManifest.DECIDED_THROUGH, changedAt - 1_000));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    guarded.models().current().bandit("neucb-drift").orElseThrow().version() == 2);
            for (int i = 0; i < 20; i++) post(guarded, "/v1/rank", rank);
            assertThat(get(guarded.baseUrl(), "/metrics").body()).contains("eddy_serving_drift_exploring 1.0");
            // ... one that learned from the decisions that raised the alarm starts at par with the other candidates,
            // and ranks alone once its picks are rewarded more often than theirs.
            publish(Published.bandit("neucb-drift", 3, spec, BanditPolicyTest.trained(spec, 340), 340)
                    .withMetric(ModelManifest.DECIDED_THROUGH, System.currentTimeMillis()));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    JSON.readTree(post(guarded, "/v1/rank", rank).body()).get("modelVersion").asLong(-1) == 3);
            // From par (1/2 against 1/6 for each other candidate) its share only rises while its picks are rewarded,
            // so slot 1 shown with a probability above 1/4 is the model's pick; rewarded at once, within the horizon.
            // Both ways need 50 outcomes, and the others get a twentieth of the requests once the pick is ahead.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < 50; i++) {
                    JsonNode r = JSON.readTree(post(guarded, "/v1/rank", rank).body());
                    if (r.get("items").get(0).get("probability").asDouble() > 0.25) reward(guarded, r);
                }
                return get(guarded.baseUrl(), "/metrics").body().contains("eddy_serving_drift_exploring 0.0");
            });
            assertThat(JSON.readTree(post(guarded, "/v1/rank", rank).body()).get("policy").asText())
                    .isEqualTo("neucb-drift");
        }
    }

    /** Whether candidate {@code index} is the one the explored distribution sets apart (the model's pick). */
    private static boolean isThePick(List<Double> distribution, int index) {
        double mine = distribution.get(index);
        return distribution.stream().filter(p -> p.equals(mine)).count() == 1;
    }

    private static void reward(ServingApp app, JsonNode ranked) throws Exception {
        assertThat(post(app, "/v1/reward", "{\"eventId\":\"" + ranked.get("eventId").asText()
                + "\",\"value\":1}").statusCode()).isEqualTo(202);
    }

    @Test
    void aNewVersionIsSwappedIn() throws Exception {
        publish(embeddings(2, 5.0f));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(get(app.baseUrl(), "/v1/models").body()).toString().contains("\"version\":2"));
        JsonNode body = JSON.readTree(post("/v1/rank", "{\"userId\":\"u1\",\"k\":1}").body());
        assertThat(body.get("retrievalVersion").asLong()).isEqualTo(2);
        assertThat(body.get("items").get(0).get("score").asDouble()).isGreaterThan(5.0);
        String metrics = get(app.baseUrl(), "/metrics").body();
        assertThat(metrics).contains("eddy_model_version{model=\"recs\"} 2.0")
                .contains("eddy_http_server_requests_seconds_bucket{endpoint=\"rank\"");
    }

    @Test
    void badRequestsGet4xxNamingTheField() throws Exception {
        assertError(post("/v1/rank", "{\"userId\":\"u1\",\"k\":0}"), 400, "k");
        assertError(post("/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"experimentId\":\"nope\"}"), 404, "experimentId");
        assertError(post("/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"context\":{\"user\":{\"x\":1e999}}}"), 400, "context.user.x");
        assertError(post("/v1/rank", "{\"userId\":\"u1\",\"k\":"), 400, null);
        assertError(post("/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"kk\":2}"), 400, "kk");
        assertError(post("/v1/reward", "{\"eventId\":\"e1\",\"value\":\"high\"}"), 400, "value");
        assertError(post("/v1/events", "{\"userId\":\"u1\"}"), 400, "itemId");
        assertError(post("/v1/rank", "{\"userId\":\"" + "x".repeat(70_000) + "\",\"k\":1}"), 413, null);
        // Without a Content-Length (chunked), the body is read up to the limit and no further.
        assertError(postChunked("/v1/rank", "{\"userId\":\"" + "x".repeat(70_000) + "\",\"k\":1}"), 413, null);
        HttpResponse<String> chunked = postChunked("/v1/rank", "{\"userId\":\"u1\",\"k\":2}");
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
        assertThat(JSON.readTree(chunked.body()).get("items")).hasSize(2);
        HttpResponse<String> missing = get(app.baseUrl(), "/v1/nothing");
        assertError(missing, 404, null);
        assertThat(missing.body()).contains("/v1/nothing");
        HttpResponse<String> wrongMethod = get(app.baseUrl(), "/v1/rank");
        assertError(wrongMethod, 405, null);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(get(app.baseUrl(), "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(app.baseUrl(), "/readyz").statusCode()).isEqualTo(200);
        JsonNode experiments = JSON.readTree(get(app.baseUrl(), "/v1/experiments").body());
        assertThat(experiments.toString()).contains("\"id\":\"home\"").contains("\"state\":\"paused\"");
        assertThat(get(app.baseUrl(), "/openapi.yaml").body()).contains("/v1/rank");
    }

    /**
     * What serving cannot answer yet is a 503 with Retry-After: a variant whose model was never published (without
     * candidates to retrieve from it; with candidates and serving.fallback none), and a user who has seen every item.
     */
    @Test
    void whatCannotBeAnsweredYetIs503WithRetryAfter() throws Exception {
        Path file = dir.resolve("unpublished.yaml");
        Files.writeString(file, """
                experiments:
                  - id: unpublished
                    status: running
                    default: only
                    variants:
                      - {name: only, weight: 1, policy: mf-topk, model: never-published}
                """);
        // Fallback none, and more items remembered per user than the catalogue's 200, so that a user can see them all.
        try (ServingApp strict = ServingApp.start(settings(file, ApiKeys.disabled(), false, 500))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> strict.models().current().embedding("recs").isPresent());
            String unpublished = "{\"userId\":\"u1\",\"k\":1,\"experimentId\":\"unpublished\"";
            assertRetryLater(post(strict, "/v1/rank", unpublished + "}"), "candidates", ModelNotReadyException.RETRY_AFTER)
                    .contains("not loaded yet");
            assertRetryLater(post(strict, "/v1/rank", unpublished + ",\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), null,
                    ModelNotReadyException.RETRY_AFTER).contains("'never-published'", "serving.fallback is none");

            assertThat(post(strict, "/v1/rank", "{\"userId\":\"saw-all\",\"k\":1}").statusCode()).isEqualTo(200);
            for (int i = 0; i < 200; i++) {
                assertThat(post(strict, "/v1/events", "{\"userId\":\"saw-all\",\"itemId\":\"i" + i + "\"}").statusCode())
                        .isEqualTo(202);
            }
            assertRetryLater(post(strict, "/v1/rank", "{\"userId\":\"saw-all\",\"k\":1}"), "candidates",
                    NoItemsLeftException.RETRY_AFTER).contains("no items left");
            assertThat(post(strict, "/v1/rank", "{\"userId\":\"u1\",\"k\":1}").statusCode()).isEqualTo(200);
        }
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertRetryLater(HttpResponse<String> r, String field,
                                                                               Duration retryAfter) throws Exception {
        assertError(r, 503, field);
        if (field == null) assertThat(JSON.readTree(r.body()).has("field")).isFalse();
        assertThat(r.headers().firstValue("Retry-After")).hasValue(Long.toString(retryAfter.toSeconds()));
        return assertThat(JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    void rewardsAndEventsAreLoggedToTheirTopics() throws Exception {
        HttpResponse<String> r = post("/v1/reward", "{\"eventId\":\"ev-42\",\"value\":1.0,\"slot\":0}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).get("logged").asBoolean()).isTrue();
        assertThat(readKeysUntil(TOPICS.rewards(), "ev-42")).contains("ev-42");
    }

    /** `eddy serve`'s status line: what it logged and sent, and the model versions it ranks with. */
    @Test
    void theStatusLineSaysWhatServingLoggedAndWhichVersionsItRanksWith() throws Exception {
        assertThat(post("/v1/reward", "{\"eventId\":\"ev-status\",\"value\":1.0}").statusCode()).isEqualTo(202);
        String line = ServeCommand.status(app);
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d serve \\| logged [\\d,]+ \\| sent [\\d,]+ \\| queued \\d+ \\| models .+");
        assertThat(line).doesNotContain("logged 0 ");
        app.models().current().versions().forEach((model, version) -> assertThat(line).contains(model + "/" + version));
        assertThat(line.length()).isLessThan(120);
    }

    @Test
    void apiKeysGuardTheApiAndMetricsButNotTheProbes() throws Exception {
        try (ServingApp guarded = ServingApp.start(settings(null, ApiKeys.of(List.of("k-123"))))) {
            HttpRequest.Builder rank = HttpRequest.newBuilder(URI.create(guarded.baseUrl() + "/v1/rank"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"k\":1}"));
            assertThat(HTTP.send(rank.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(HTTP.send(rank.header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(30)).until(() -> guarded.models().current().versions().size() == 2);
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(guarded.baseUrl() + "/v1/rank"))
                    .header("Authorization", "Bearer k-123")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"k\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(get(guarded.baseUrl(), "/healthz").statusCode()).isEqualTo(200);
            // Metrics need the admin scope (a flat key has every scope).
            assertThat(get(guarded.baseUrl(), "/metrics").statusCode()).isEqualTo(401);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(guarded.baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer k-123").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            // The dashboard page and its scripts are open; the data it shows is not.
            assertThat(get(guarded.baseUrl(), "/dashboard").statusCode()).isEqualTo(200);
            HttpResponse<String> uplot = get(guarded.baseUrl(), "/dashboard/uPlot.iife.min.js");
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(uplot.body()).contains("uPlot");
            assertThat(get(guarded.baseUrl(), "/dashboard/uPlot.min.css").statusCode()).isEqualTo(200);
            assertError(get(guarded.baseUrl(), "/dashboard/secret.txt"), 404, null);
            assertThat(get(guarded.baseUrl(), "/v1/experiments/home/results").statusCode()).isEqualTo(401);
            assertThat(get(guarded.baseUrl(), "/v1/models/history").statusCode()).isEqualTo(401);
        }
    }

    /** The OpenAPI document describes what the server does: every path answers, and request schemas match the records. */
    @Test
    void theOpenApiDocumentMatchesTheServer() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(get(app.baseUrl(), "/openapi.yaml").body());
        List<String> checked = new ArrayList<>();
        var paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            var path = paths.next();
            var methods = path.getValue().fieldNames();
            while (methods.hasNext()) {
                String method = methods.next().toUpperCase();
                // Path parameters name the experiment of the file that every test has.
                String concrete = path.getKey().replace("{experimentId}", "home");
                HttpResponse<String> r = method.equals("GET") ? get(app.baseUrl(), concrete)
                        : post(concrete, "{}");
                assertThat(r.statusCode()).as(method + " " + path.getKey() + ": " + r.body()).isNotIn(404, 405);
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).contains("POST /v1/rank", "POST /v1/reward", "POST /v1/events", "GET /v1/models",
                "GET /v1/experiments", "GET /v1/experiments/{experimentId}/results", "GET /v1/models/history",
                "GET /healthz", "GET /readyz", "GET /metrics", "GET /dashboard");
        // The statuses the server answers /v1/rank with are documented, 503 with its Retry-After header.
        JsonNode rank = doc.at("/paths/~1v1~1rank/post/responses");
        List<String> statuses = new ArrayList<>();
        rank.fieldNames().forEachRemaining(statuses::add);
        assertThat(statuses).contains("200", "400", "401", "404", "413", "500", "503");
        JsonNode unavailable = resolve(doc, rank.get("503"));
        assertThat(resolve(doc, unavailable.at("/headers/Retry-After")).at("/schema/type").asText()).isEqualTo("integer");
        JsonNode schemas = doc.get("components").get("schemas");
        for (Class<?> record : List.of(dev.eddy.serving.http.RankRequest.class,
                dev.eddy.serving.http.RewardRequest.class, dev.eddy.serving.http.EventRequest.class,
                dev.eddy.serving.http.RankResponse.class, ExperimentResultsResponse.class,
                ExperimentResultsResponse.LiftHistory.class, ExperimentResultsResponse.LiftSeries.class,
                ExperimentResults.class, ExperimentResults.VariantCount.class, ExperimentResults.SampleRatio.class,
                ExperimentResults.Interval.class, ExperimentResults.MetricResult.class, ModelHistoryResponse.class,
                ModelHistoryResponse.ModelVersions.class, ModelHistoryResponse.VersionEntry.class)) {
            List<String> documented = new ArrayList<>();
            schemas.get(record.getSimpleName()).get("properties").fieldNames().forEachRemaining(documented::add);
            List<String> fields = java.util.Arrays.stream(record.getRecordComponents()).map(c -> c.getName()).toList();
            assertThat(documented).as(record.getSimpleName()).containsExactlyInAnyOrderElementsOf(fields);
        }
    }

    /**
     * The experiments job's read-outs on eddy.experiments become GET /v1/experiments/{id}/results: an experiment of the
     * file without read-outs yet answers latest null, one neither configured nor reported 404 through the error
     * mapper, and a record that is no read-out is counted without stopping the follower.
     */
    @Test
    void experimentResultsAreFollowedFromTheExperimentsTopic() throws Exception {
        HttpResponse<String> unknown = get(app.baseUrl(), "/v1/experiments/nope/results");
        assertError(unknown, 404, "experimentId");
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("'nope'", "home", "paused-one");
        JsonNode none = JSON.readTree(get(app.baseUrl(), "/v1/experiments/paused-one/results").body());
        assertThat(none.get("latest").isNull()).isTrue();
        assertThat(none.get("readOuts").asLong()).isZero();
        assertThat(none.at("/history/series")).isEmpty();

        producer.send(new ProducerRecord<>(TOPICS.experiments(), "home", "{\"experimentId\":\"home\"}".getBytes()));
        SimulatedExperiment home = new SimulatedExperiment("home", List.of(
                new SimulatedExperiment.Arm("control", 1, 0.10, 2.0), new SimulatedExperiment.Arm("bandit", 1, 0.13, 2.2)),
                java.time.Instant.parse("2026-12-06T10:00:00Z"), 11);
        ExperimentResults last = null;
        for (int i = 0; i < 4; i++) {
            last = home.next(500);
            producer.send(new ProducerRecord<>(TOPICS.experiments(), "home", EventJson.write(last)));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(get(app.baseUrl(), "/v1/experiments/home/results").body()).get("readOuts").asLong() == 4);
        JsonNode r = JSON.readTree(get(app.baseUrl(), "/v1/experiments/home/results").body());
        assertThat(EventJson.mapper().treeToValue(r.get("latest"), ExperimentResults.class)).isEqualTo(last);
        assertThat(r.at("/history/dataUntil")).hasSize(4);
        JsonNode series = r.at("/history/series/0");
        assertThat(series.get("metric").asText()).isEqualTo("reward-rate");
        assertThat(series.get("variant").asText()).isEqualTo("bandit");
        assertThat(series.get("relativeLift")).hasSize(4);
        assertThat(get(app.baseUrl(), "/metrics").body()).contains("eddy_experiments_results_unreadable 1.0")
                .contains("eddy_experiments_results_readouts 4.0");
    }

    /** The models panel's data: every version loaded, with its manifest's metrics. */
    @Test
    void modelHistoryListsTheLoadedVersionsWithTheirMetrics() throws Exception {
        JsonNode models = JSON.readTree(get(app.baseUrl(), "/v1/models/history").body()).get("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.get("model").asText()));
        assertThat(names).contains("neucb-home", "recs");
        JsonNode bandit = models.get(names.indexOf("neucb-home"));
        assertThat(bandit.get("servedVersion").asLong()).isEqualTo(3);
        assertThat(bandit.at("/versions/0/version").asLong()).isEqualTo(3);
        assertThat(bandit.at("/versions/0/metrics/updates").asDouble()).isEqualTo(300);
        assertThat(bandit.at("/versions/0/loadedAt").asText()).isNotBlank();
    }

    @Test
    void experimentsAreReloadedWhenTheFileChangesAndABadFileKeepsThem() throws Exception {
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, """
                experiments:
                  - id: live
                    status: running
                    default: a
                    variants:
                      - {name: a, weight: 1, policy: uniform}
                      - {name: b, weight: 1, policy: mf-topk}
                """);
        try (ServingApp live = ServingApp.start(settings(file, ApiKeys.disabled()))) {
            assertThat(get(live.baseUrl(), "/v1/experiments").body()).contains("\"name\":\"b\"").doesNotContain("\"name\":\"c\"");
            Files.writeString(file, """
                    experiments:
                      - id: live
                        status: running
                        default: a
                        variants:
                          - {name: a, weight: 1, policy: uniform}
                          - {name: b, weight: 3, policy: mf-topk}
                          - {name: c, weight: 1, policy: epsilon-greedy, params: {epsilon: "0.2"}}
                    """);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(live.baseUrl(), "/v1/experiments").body().contains("\"name\":\"c\""));
            Files.writeString(file, """
                    experiments:
                      - id: live
                        status: running
                        default: a
                        variants:
                          - {name: a, weight: -1, policy: uniform}
                    """);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(live.baseUrl(), "/metrics").body().contains("eddy_experiments_reload_failures 1.0"));
            assertThat(get(live.baseUrl(), "/v1/experiments").body()).contains("\"name\":\"c\"");
            assertThat(post(live, "/v1/rank", "{\"userId\":\"u1\",\"k\":1,\"experimentId\":\"live\"}").statusCode())
                    .isEqualTo(200);
        }
    }

    private static HttpResponse<String> post(ServingApp target, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code $ref} of the document followed, or the node itself. */
    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).doesNotContainPattern(ErrorBodies.INTERNALS);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isNotBlank();
        if (field != null) assertThat(body.get("field").asText()).isEqualTo(field);
    }

    private static Decision readDecision(String eventId) throws Exception {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            c.subscribe(List.of(TOPICS.decisions()));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                for (var rec : c.poll(Duration.ofMillis(200))) {
                    if (eventId.equals(rec.key())) return EventJson.parseDecision(rec.value());
                }
            }
        }
        throw new AssertionError("decision " + eventId + " not logged");
    }

    /** Reads the topic until the key turns up (other tests' records come first, from any partition) or 10 s pass. */
    private static List<String> readKeysUntil(String topic, String wanted) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end && !keys.contains(wanted)) c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
        }
        return keys;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "serving-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
