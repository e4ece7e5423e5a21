package dev.eddy.serving.http;

import dev.eddy.serving.security.ApiKey;
import dev.eddy.serving.security.ApiKeyFile;
import dev.eddy.serving.security.KeyDigest;
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
