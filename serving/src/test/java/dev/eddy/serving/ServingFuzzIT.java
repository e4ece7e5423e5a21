package dev.eddy.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.Decision;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.ErrorBodies;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.model.BanditPolicyTest;
import dev.eddy.serving.model.Published;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving under hostile input, over real HTTP on loopback, with Kafka and loaded models (no mocks): every route the
 * server has (read from its router, so a new route is fuzzed too) gets {@value #TRIES} generated requests of every
 * kind {@link HostileRequests} makes. Nothing answers 5xx; every error body is JSON without a Java type; a 400 for a
 * field of the wrong type names that field; /readyz stays 200; every decision serving answered reaches Kafka in a
 * form the join reads. Slow bodies time out with 408 without holding the server's threads.
 */
class ServingFuzzIT {
    static final int TRIES = 10_000;
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Jetty's idle timeout is the request timeout: a server starved of CPU for longer than it (seen at load average
    // 80 with the build at low priority) closes a connection whose request it has not read yet. 5 s keeps the
    // slow-body test short (its clients trickle for 10 s) without tripping on a starved machine.
    private static final java.util.concurrent.atomic.AtomicInteger resent = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static EmbeddedKafka kafka;
    private static ServingApp app;
    private static HttpClient http;
    private static Path dir;
    private static List<ServingServer.Route> routes;
    /** Answers per route and status, for the summary. */
    private static final Map<String, Map<Integer, AtomicLong>> ANSWERS = new ConcurrentHashMap<>();
    /** The eventIds of every rank request answered 200: each must be on Kafka. */
    private static final java.util.Set<String> RANKED = ConcurrentHashMap.newKeySet();

    @BeforeContainer
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(TOPICS.specs(1, (short) 1));
        }
        publishModels();
        dir = Files.createTempDirectory("serving-fuzz");
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
        ServingServer.Settings server = new ServingServer.Settings("127.0.0.1", 0, 1 << 20, RequestLimits.DEFAULT,
                ApiKeys.disabled(), REQUEST_TIMEOUT);
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("mf-topk", "recs", null, Map.of()), 20, true, 0.1, TOPICS);
        // A log buffer larger than all the fuzz's decisions: a dropped one would hide a decision from the check.
        app = ServingApp.start(new ServingApp.Settings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS, server, service, experiments,
                1_000_000, 1000, 50, Duration.ofMinutes(5), 100_000, ServingApp.DEFAULT_RESULTS_HISTORY, Duration.ZERO));
        ServingApp a = app;
        await().atMost(Duration.ofSeconds(60)).until(() -> a.models().current().versions().size() == 2);
        assertThat(app.awaitReady(Duration.ofSeconds(60))).isTrue();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        routes = app.routes();
    }

    @AfterContainer
    static void stop() throws Exception {
        System.out.println("[fuzz] answers per route and status: " + summary() + "; sent again after an unanswered close: "
                + resent.get());
        if (app != null) app.close();
        if (kafka != null) kafka.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Example
    void theRoutesAreReadFromTheServer() {
        assertThat(routes).extracting(r -> r.method() + " " + r.path()).contains("POST /v1/rank", "POST /v1/reward",
                "POST /v1/events", "GET /v1/models", "GET /v1/experiments", "GET /v1/experiments/{experimentId}/results",
                "GET /v1/models/history", "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.yaml", "GET /",
                "GET /dashboard", "GET /dashboard/{asset}");
    }

    /**
     * Each try sends one generated request to every route (and one to a path no route has), concurrently, so every
     * route gets {@value #TRIES} requests.
     */
    @Property(tries = TRIES, seed = "20261206", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void noRequestAnswers5xxAndEveryErrorNamesItsField(@ForAll("batches") List<HostileRequests.Request> batch)
            throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
        for (HostileRequests.Request q : batch) sent.add(http.sendAsync(request(q), HttpResponse.BodyHandlers.ofByteArray()));
        for (int i = 0; i < batch.size(); i++) {
            HostileRequests.Request q = batch.get(i);
            HttpResponse<byte[]> answer;
            try {
                answer = sent.get(i).get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (q.body() != null && q.body().length > (1 << 20)) {
                    // The server may close a connection whose request it refused before reading its body (a body
                    // declared over the limit): the client then sees a reset, not an answer.
                    count(q.route(), 0);
                    continue;
                }
                // A keep-alive connection closed as the request went out ("header parser received no bytes": not
                // one byte of an answer) is HTTP/1.1's known race, which clients answer by sending again on a new
                // connection; the JDK client does that for GETs only. Seen about once in 160,000 requests on a busy
                // machine (session 8). Sent once more; a rate above 1 in 1,000 fails the property below.
                assertThat(e.getCause()).as("no answer to " + q).isInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("received no bytes");
                resent.incrementAndGet();
                answer = http.send(request(q), HttpResponse.BodyHandlers.ofByteArray());
            }
            check(q, answer);
        }
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("/readyz after " + batch).isEqualTo(200);
        assertThat(resent.get()).as("requests sent again after their connection closed unanswered")
                .isLessThanOrEqualTo(Math.max(2, tries.incrementAndGet() * batch.size() / 1000));
    }

    @Provide
    Arbitrary<List<HostileRequests.Request>> batches() {
        return Arbitraries.randomValue(random -> {
            HostileRequests gen = new HostileRequests(random);
            List<HostileRequests.Request> batch = new ArrayList<>();
            for (ServingServer.Route route : routes) batch.add(gen.forRoute(route));
            batch.add(gen.unknownPath());
            return batch;
        }).withoutEdgeCases();
    }

    private static void check(HostileRequests.Request q, HttpResponse<byte[]> answer) throws Exception {
        int status = answer.statusCode();
        count(q.route(), status);
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(status).as(q + " -> " + body).isLessThan(500);
        if (q.route().equals("POST /v1/rank") && status == 200) RANKED.add(JSON.readTree(body).get("eventId").asText());
        if (status < 400 || q.method().equals("HEAD")) return;
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(q + " -> " + body).startsWith("application/json");
        assertThat(body).as(q.toString()).doesNotContainPattern(ErrorBodies.INTERNALS);
        JsonNode error = JSON.readTree(body);
        assertThat(error.path("error").asText()).as(q + " -> " + body).isNotBlank();
        if (status == 400) {
            JsonNode field = error.get("field");
            if (field == null) {
                // Only the body as a whole has no field: not JSON, not an object, not readable.
                assertThat(error.get("error").asText()).as(q + " -> " + body)
                        .matches("(malformed JSON|the request|request body|could not read|unreadable).*");
            }
            if (q.expectField() != null) {
                assertThat(field).as(q + " -> " + body).isNotNull();
                String f = field.asText();
                assertThat(f.equals(q.expectField()) || f.startsWith(q.expectField() + ".") || f.startsWith(q.expectField() + "["))
                        .as(q + " names " + f + ", not " + q.expectField()).isTrue();
                assertThat(error.get("error").asText()).as(q + " -> " + body).startsWith(f + ": ");
            }
        }
    }

    private static void count(String route, int status) {
        ANSWERS.computeIfAbsent(route, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
    }

    private static String summary() {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        ANSWERS.forEach((route, byStatus) -> {
            Map<Integer, Long> m = new TreeMap<>();
            byStatus.forEach((s, n) -> m.put(s, n.get()));
            out.put(route, m);
        });
        return out.toString();
    }

    private static HttpRequest request(HostileRequests.Request q) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + q.path())).timeout(Duration.ofSeconds(60));
        if (q.contentType() != null) b.header("Content-Type", q.contentType());
        b.method(q.method(), q.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(q.body()));
        return b.build();
    }

    /**
     * Features in the forms users send are ranked and logged in the canonical form: the decision on Kafka is what
     * the join reads, with the features serving ranked with. And every decision the fuzz got a 200 for is there,
     * readable.
     */
    @Example
    void decisionsOnKafkaCarryTheCanonicalFeatures() throws Exception {
        String issue = "{\"userId\":\"u1\",\"k\":2,\"experimentId\":\"home\",\"context\":{\"hour\":13,\"device\":\"ios\","
                + "\"returning\":true,\"user\":{\"country\":\"DE\"}},\"candidates\":[{\"id\":\"a\",\"features\":"
                + "[{\"item\":{\"category\":\"shoes\"}},{\"tags\":[\"sale\"]}]},{\"id\":\"b\",\"features\":{\"category\":\"bags\"}}]}";
        HttpResponse<String> ranked = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/rank"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(issue)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ranked.statusCode()).as(ranked.body()).isEqualTo(200);
        String eventId = JSON.readTree(ranked.body()).get("eventId").asText();
        RANKED.add(eventId);

        await().atMost(Duration.ofSeconds(30)).until(() -> app.logCounts().sent() + app.logCounts().dropped()
                + app.logCounts().failed() >= app.logCounts().accepted());
        assertThat(app.logCounts().dropped()).isZero();
        List<Decision> decisions = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : readAll(TOPICS.decisions())) {
            try {
                decisions.add(EventJson.parseDecision(rec.value()));
            } catch (Exception e) {
                unreadable.add(e.getMessage());
            }
        }
        assertThat(unreadable).isEmpty();
        // Every answered decision is there, once. Not "only those": a request ranked and logged whose answer the client
        // never saw as a 200 (its connection reset under load) is a decision too (CI saw 3,495 records for 3,494
        // answers once); they are printed for a look.
        List<String> ids = decisions.stream().map(Decision::eventId).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(RANKED);
        List<String> unanswered = ids.stream().filter(id -> !RANKED.contains(id)).toList();
        if (!unanswered.isEmpty()) System.out.println("[fuzz] decisions on Kafka without a 200 seen: " + unanswered);
        Decision d = decisions.stream().filter(x -> x.eventId().equals(eventId)).findFirst().orElseThrow();
        assertThat(d.context()).isEqualTo(Map.of(" ", Map.of("hour", 13.0, "device=ios", 1.0, "returning", 1.0),
                "user", Map.of("country=DE", 1.0)));
        assertThat(d.candidates().get(0).features()).isEqualTo(Map.of("item", Map.of("category=shoes", 1.0),
                "tags", Map.of("tags=sale", 1.0)));
        assertThat(d.candidates().get(1).features()).isEqualTo(Map.of(" ", Map.of("category=bags", 1.0)));
    }

    /**
     * More clients than the server has threads send headers and then their bodies a byte at a time (too slowly to
     * ever trip a per-read idle timeout): each gets a 408 (or its connection closed) within the request timeout, the
     * server answers others meanwhile within a few seconds, and is ready afterwards.
     */
    @Example
    void slowBodiesTimeOutWithoutExhaustingTheServersThreads() throws Exception {
        int clients = 300; // Javalin's Jetty pool has at most 250 threads
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket("127.0.0.1", app.port());
                s.setSoTimeout(15_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/rank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"userId\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(s);
            }
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                byte[] one = {' '};
                for (int round = 0; round < 40 && !Thread.currentThread().isInterrupted(); round++) {
                    for (Socket s : sockets) {
                        try {
                            s.getOutputStream().write(one);
                            s.getOutputStream().flush();
                        } catch (Exception closed) {
                            // The server gave up on it: what the test wants.
                        }
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            // While they trickle, others are answered: the slow ones hold threads for the request timeout at most.
            long t0 = System.nanoTime();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/healthz"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            double waited = (System.nanoTime() - t0) / 1e9;
            assertThat(waited).as("seconds a request waited beside %d slow clients", clients)
                    .isLessThan(REQUEST_TIMEOUT.toSeconds() + 5);

            int answered408 = 0;
            int closed = 0;
            for (Socket s : sockets) {
                String head = readHead(s.getInputStream());
                if (head.startsWith("HTTP/1.1 408")) answered408++;
                else if (head.isEmpty()) closed++;
                else throw new AssertionError("a slow client got " + head);
            }
            double took = (System.nanoTime() - started) / 1e9;
            trickle.interrupt();
            System.out.printf("[fuzz] %d slow bodies: %d answered 408, %d closed, all within %.1f s; a request beside "
                    + "them waited %.2f s%n", clients, answered408, closed, took, waited);
            assertThat(answered408 + closed).isEqualTo(clients);
            assertThat(took).isLessThan(REQUEST_TIMEOUT.toSeconds() * 3 + 10);
        } finally {
            for (Socket s : sockets) s.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(app.baseUrl() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** The status line of the answer on {@code in}, or "" when the server closed without one. */
    private static String readHead(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
        } catch (Exception reset) {
            return line.toString().trim();
        }
        return line.toString().trim();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    private static void publishModels() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            int dim = 4;
            List<String> users = new ArrayList<>();
            List<String> items = new ArrayList<>();
            float[] u = new float[40 * dim];
            float[] it = new float[200 * dim];
            Random r = new Random(5);
            for (int i = 0; i < 40; i++) users.add("u" + i);
            for (int i = 0; i < 200; i++) items.add("i" + i);
            for (int i = 0; i < u.length; i++) u[i] = r.nextFloat();
            for (int i = 0; i < it.length; i++) it[i] = r.nextFloat();
            Published recs = Published.embeddings("recs", 1, 0, dim, new EmbeddingRows.Changes(users, u, List.of()),
                    new EmbeddingRows.Changes(items, it, List.of()), users.size(), items.size());
            BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HashingConfig.ofBits(12).withCrosses("user:item"), 12, 17);
            Published bandit = Published.bandit("neucb-home", 3, spec, BanditPolicyTest.trained(spec, 300), 300);
            for (Published v : List.of(recs, bandit)) {
                for (ModelPart part : v.parts()) producer.send(new ProducerRecord<>(TOPICS.models(), part.key(), EventJson.write(part)));
            }
        }
    }
}
