package dev.eddy.serving.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Per-key rate limits (429 with Retry-After) and the concurrency limit that sheds (503 with Retry-After), over HTTP. */
class ProtectionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKeyOverItsRateGets429WithRetryAfterAndOtherKeysDoNot() throws Exception {
        var protection = new ServingServer.Protection(0.5, 2, 64, Duration.ofMillis(50));
        try (ServingServer server = start(protection, new CannedEndpoints(), ApiKeys.of(List.of("k-a", "k-b")))) {
            assertThat(get(server, "/v1/models", "k-a").statusCode()).isEqualTo(200);
            assertThat(get(server, "/v1/models", "k-a").statusCode()).isEqualTo(200);
            HttpResponse<String> limited = get(server, "/v1/models", "k-a");
            assertThat(limited.statusCode()).isEqualTo(429);
            // One token per 2 s: the wait is rounded up to whole seconds, never 0.
            assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                    s -> assertThat(s).isBetween(1L, 2L));
            assertThat(limited.body()).contains("rate limit of 0.5 requests/s").doesNotContain("k-a")
                    .doesNotContainPattern(ErrorBodies.INTERNALS);
            assertThat(get(server, "/v1/models", "k-b").statusCode()).as("another key's bucket").isEqualTo(200);
            assertThat(get(server, "/healthz", null).statusCode()).as("probes are not limited").isEqualTo(200);
            assertThat(get(server, "/metrics", "k-b").body()).contains("eddy_http_rate_limited 1.0");
        }
    }

    @Test
    void overTheConcurrencyLimitRequestsAreShedAtOnceAndProbesAndMetricsStillAnswer() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        var protection = new ServingServer.Protection(0, 1, 2, Duration.ofMillis(20));
        try (ServingServer server = start(protection, endpoints, ApiKeys.disabled())) {
            CountDownLatch release = endpoints.holdRanks();
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) held.add(HTTP.sendAsync(rank(server), HttpResponse.BodyHandlers.ofString()));
            await().atMost(Duration.ofSeconds(20)).until(() -> get(server, "/metrics", null).body().contains("eddy_http_inflight 2.0"));

            long t0 = System.nanoTime();
            HttpResponse<String> shed = HTTP.send(rank(server), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(shed.body()).contains("overloaded").doesNotContainPattern(ErrorBodies.INTERNALS);
            // Refused after the 20 ms queue wait, not after the held requests: generous for a loaded machine.
            assertThat(millis).isLessThan(5_000);
            assertThat(get(server, "/v1/models", null).statusCode()).as("read endpoints share the limit").isEqualTo(503);
            assertThat(get(server, "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/readyz", null).statusCode()).isEqualTo(200);
            String metrics = get(server, "/metrics", null).body();
            assertThat(metrics).contains("eddy_http_shed 2.0");

            release.countDown();
            for (var f : held) assertThat(f.get().statusCode()).isEqualTo(200);
            assertThat(HTTP.send(rank(server), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutALimitNothingIsShed() throws Exception {
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = start(new ServingServer.Protection(0, 1, 0, Duration.ZERO), endpoints, ApiKeys.disabled())) {
            CountDownLatch release = endpoints.holdRanks();
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) held.add(HTTP.sendAsync(rank(server), HttpResponse.BodyHandlers.ofString()));
            assertThat(get(server, "/v1/models", null).statusCode()).isEqualTo(200);
            release.countDown();
            for (var f : held) assertThat(f.get().statusCode()).isEqualTo(200);
        }
    }

    private static ServingServer start(ServingServer.Protection protection, CannedEndpoints endpoints, ApiKeys keys) {
        return ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT, keys,
                null, null, protection), endpoints, endpoints, new ServingMetrics());
    }

    private static HttpRequest rank(ServingServer server) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/rank"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"k\":1}")).build();
    }

    private static HttpResponse<String> get(ServingServer server, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
