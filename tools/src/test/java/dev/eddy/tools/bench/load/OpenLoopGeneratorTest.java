package dev.eddy.tools.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against the JDK's HTTP server in this JVM, at low rates: a couple of seconds in all. */
class OpenLoopGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadSettings settings(URI url, int rate, Duration duration, List<Target> targets, int candidates,
                                         Duration timeout, Duration timeline) {
        return new LoadSettings(url, rate, duration, Duration.ofMillis(200), targets, SyntheticPopulation.of(1000, 500),
                10, candidates, "exp1", "secret", 4, timeout, timeline, 7);
    }

    @Test
    void sendsEveryScheduledRequestWithTheBodiesAndReportsBothEndpoints(@TempDir Path dir) throws Exception {
        try (TrivialHttpServer server = new TrivialHttpServer(4, true, e -> {})) {
            LoadSettings s = settings(server.url(), 200, Duration.ofSeconds(1), Target.parse("both"), 5,
                    Duration.ofSeconds(5), Duration.ofMillis(250));
            LoadResult r = LoadBenchmark.run(s, System.out);
            System.out.print(LoadReport.table(r));

            assertThat(r.phases()).extracting(PhaseResult::endpoint).containsExactly("rank", "healthz");
            for (PhaseResult p : r.phases()) {
                assertThat(p.sent()).isEqualTo(200);
                assertThat(p.completed()).isEqualTo(200);
                assertThat(p.statuses()).containsExactly(java.util.Map.entry(200, 200L));
                assertThat(p.errors()).isEmpty();
                assertThat(p.timeouts()).isZero();
                assertThat(p.latency().count()).isEqualTo(200);
                assertThat(p.latency().p50()).isPositive().isLessThanOrEqualTo(p.latency().p99());
                // Each answer's time from its send is at most its time from its intended start, so every percentile is.
                assertThat(p.latencyFromSend().count()).isEqualTo(200);
                assertThat(p.latencyFromSend().p99()).isLessThanOrEqualTo(p.latency().p99());
                assertThat(p.sentPerSecond()).isBetween(190.0, 210.0);
                assertThat(p.timeline()).hasSize(4);
                assertThat(p.timeline().stream().mapToLong(Interval::count).sum()).isEqualTo(200);
                assertThat(p.generatorCores()).isPositive();
            }
            assertThat(r.rankOverHealthz()).isNotNull();
            assertThat(r.rankOverHealthz().p99()).isPositive();

            // Warm-up (40 each) + measured (200 each) requests reached the server with their bodies and key.
            List<TrivialHttpServer.Received> rank = server.received.stream().filter(x -> x.path().equals("/v1/rank")).toList();
            List<TrivialHttpServer.Received> health = server.received.stream().filter(x -> x.path().equals("/healthz")).toList();
            assertThat(rank).hasSize(240).allMatch(x -> x.method().equals("POST") && "Bearer secret".equals(x.authorization()));
            assertThat(health).hasSize(240).allMatch(x -> x.method().equals("GET") && x.body().length == 0);
            Set<String> users = new HashSet<>();
            for (TrivialHttpServer.Received x : rank) {
                JsonNode b = JSON.readTree(x.body());
                users.add(b.get("userId").asText());
                assertThat(b.get("k").asInt()).isEqualTo(10);
                assertThat(b.get("experimentId").asText()).isEqualTo("exp1");
                assertThat(b.get("candidates")).hasSize(5);
            }
            assertThat(users.size()).isGreaterThan(150);

            Path out = dir.resolve("results.json");
            LoadReport.writeJson(r, out);
            JsonNode json = JSON.readTree(out.toFile());
            assertThat(json.get("phases")).hasSize(2);
            assertThat(json.at("/phases/0/latency/p99").asDouble()).isEqualTo(r.phases().get(0).latency().p99());
            assertThat(json.at("/rankOverHealthz/p50").isNumber()).isTrue();
            assertThat(LoadReport.table(r)).contains("rank", "healthz", "generator send lag", "rank / healthz");
            // Whether the generator kept its schedule depends on what else runs on this shared machine; the rest of
            // what makes a run clean does not.
            boolean keptUp = r.phases().stream().noneMatch(PhaseResult::fellBehind);
            assertThat(r.clean()).isEqualTo(keptUp);
        }
    }

    @Test
    void aServerStallDelaysEveryRequestScheduledDuringItNotJustOne() throws Exception {
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicLong stallAfter = new AtomicLong(Long.MAX_VALUE);
        // One server thread: a 300 ms stall holds up every request behind it. An open-loop generator keeps sending
        // on schedule and charges each of them the wait since its intended start.
        try (TrivialHttpServer server = new TrivialHttpServer(1, false, e -> {
            if (e.getRequestURI().getPath().equals("/healthz") && System.nanoTime() > stallAfter.get()
                    && stalled.compareAndSet(false, true)) sleep(300);
        })) {
            LoadSettings s = settings(server.url(), 200, Duration.ofSeconds(1), List.of(Target.HEALTHZ), 0,
                    Duration.ofSeconds(5), null);
            stallAfter.set(System.nanoTime() + Duration.ofMillis(600).toNanos());
            PhaseResult p = LoadBenchmark.run(s, System.out).phases().get(0);

            assertThat(stalled).isTrue();
            assertThat(p.completed()).isEqualTo(200);
            assertThat(p.latency().max()).isGreaterThanOrEqualTo(290.0);
            // About 60 of the 200 were scheduled during the stall, half of them more than 150 ms before it ended.
            assertThat(p.latency().p90()).isGreaterThan(50.0);
            assertThat(p.timeline()).hasSize(1);
        }
    }

    @Test
    void countsTimeoutsAndConnectionErrorsAndIsNotClean() throws Exception {
        try (TrivialHttpServer server = new TrivialHttpServer(2, false, e -> sleep(1000))) {
            PhaseResult p = LoadBenchmark.run(settings(server.url(), 20, Duration.ofMillis(500), List.of(Target.HEALTHZ),
                    0, Duration.ofMillis(100), null), System.out).phases().get(0);
            assertThat(p.timeouts()).isEqualTo(10);
            assertThat(p.latency().count()).isEqualTo(10);
            assertThat(p.latency().p50()).isGreaterThanOrEqualTo(100.0);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        LoadResult r = LoadBenchmark.run(settings(URI.create("http://127.0.0.1:" + closedPort), 20,
                Duration.ofMillis(500), List.of(Target.HEALTHZ), 0, Duration.ofSeconds(1), null), System.out);
        PhaseResult p = r.phases().get(0);
        assertThat(p.errors().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(p.statuses()).isEmpty();
        assertThat(r.clean()).isFalse();
        assertThat(LoadReport.table(r)).contains("errors:");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
