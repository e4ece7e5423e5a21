package dev.eddy.serving.http;

import dev.eddy.serving.security.ApiKey;
import dev.eddy.serving.security.ApiKeyFile;
import dev.eddy.serving.security.KeyDigest;
import dev.eddy.serving.security.RateLimit;
import dev.eddy.serving.security.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The key file is read again when it changes; a bad version keeps the keys before and is reported, never echoed. */
class KeyFileReloadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aNewKeyWorksAfterTheFileChangesAndABadFileKeepsTheOldKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        String first = KeyDigest.newSecret();
        ApiKeyFile.append(file, new ApiKey("first", Scope.ALL, KeyDigest.sha256(first)));
        try (ServingServer server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024,
                RequestLimits.DEFAULT, ApiKeys.disabled(), file, null, ServingServer.Protection.DEFAULT),
                new CannedEndpoints(), new CannedEndpoints(), new ServingMetrics())) {
            assertThat(status(server, "GET", "/v1/models", first)).isEqualTo(200);

            String second = KeyDigest.newSecret();
            ApiKeyFile.append(file, new ApiKey("second", Set.of(Scope.READ), KeyDigest.sha256(second)));
            await().atMost(Duration.ofSeconds(30)).until(() -> status(server, "GET", "/v1/models", second) == 200);
            assertThat(status(server, "GET", "/metrics", second)).as("read only").isEqualTo(403);

            String secretLooking = "eddy_this-line-is-not-an-entry and more";
            Files.writeString(file, secretLooking + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(server, first).contains("eddy_api_keys_reload_failures 1.0"));
            assertThat(status(server, "GET", "/v1/models", first)).isEqualTo(200);
            assertThat(status(server, "GET", "/v1/models", second)).isEqualTo(200);

            // Reloading on request says why it did not, by line, without the line.
            HttpResponse<String> reload = send(server, "POST", "/v1/admin/reload", first);
            assertThat(reload.statusCode()).isEqualTo(200);
            assertThat(reload.body()).contains("\"reloaded\":false").contains("line 1").doesNotContain("eddy_this");

            // An empty file would lock everyone out: refused as well.
            Files.writeString(file, "# nothing\n");
            assertThat(send(server, "POST", "/v1/admin/reload", first).body()).contains("holds no key");
            assertThat(status(server, "GET", "/v1/models", first)).isEqualTo(200);
        }
    }

    /** A key's own rate in the file holds it to that, 429 with Retry-After, and a reloaded file changes it. */
    @Test
    void aKeyWithItsOwnRateIsLimitedByItAndAReloadChangesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        String ops = KeyDigest.newSecret();
        String shop = KeyDigest.newSecret();
        ApiKeyFile.append(file, new ApiKey("ops", Scope.ALL, KeyDigest.sha256(ops), new RateLimit(0, 1)));
        ApiKeyFile.append(file, new ApiKey("shop", Scope.ALL, KeyDigest.sha256(shop), new RateLimit(0.5, 1)));
        // The global limit (100/s, burst 100) is far above what this test sends: only a key's own limit can answer 429.
        ServingServer.Protection protection = new ServingServer.Protection(100, 100,
                ServingServer.Protection.DEFAULT.maxConcurrent(), ServingServer.Protection.DEFAULT.queueWait());
        try (ServingServer server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024,
                RequestLimits.DEFAULT, ApiKeys.disabled(), file, null, protection),
                new CannedEndpoints(), new CannedEndpoints(), new ServingMetrics())) {
            assertThat(status(server, "GET", "/v1/models", shop)).isEqualTo(200);
            HttpResponse<String> limited = send(server, "GET", "/v1/models", shop);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                    s -> assertThat(s).isBetween(1L, 2L));
            assertThat(limited.body()).contains("rate limit of 0.5 requests/s").doesNotContain(shop);
            for (int i = 0; i < 150; i++) {
                assertThat(status(server, "GET", "/v1/models", ops)).as("rate=0: no limit for ops").isEqualTo(200);
            }

            Files.writeString(file, Files.readString(file).replace("rate=0.5 burst=1", "rate=1000 burst=50"));
            assertThat(send(server, "POST", "/v1/admin/reload", ops).body()).contains("\"reloaded\":true");
            // The empty bucket refills at the new rate: a few milliseconds, not two seconds.
            await().atMost(Duration.ofSeconds(5)).until(() -> status(server, "GET", "/v1/models", shop) == 200);
            for (int i = 0; i < 20; i++) assertThat(status(server, "GET", "/v1/models", shop)).isIn(200, 429);
        }
    }

    private static int status(ServingServer server, String method, String path, String key) throws Exception {
        return send(server, method, path, key).statusCode();
    }

    private static String metric(ServingServer server, String key) throws Exception {
        return send(server, "GET", "/metrics", key).body();
    }

    private static HttpResponse<String> send(ServingServer server, String method, String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
