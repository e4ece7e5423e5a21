package dev.eddy.serving.warmup;

import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.CannedEndpoints;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingMetrics;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.http.TestKeystore;
import dev.eddy.serving.http.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Over HTTPS the warm-up reaches the server through its own certificate. */
class HttpWarmUpTlsTest {
    @Test
    void theWarmUpIsAnsweredOverHttps(@TempDir Path dir) throws Exception {
        TestKeystore ks = TestKeystore.create(dir);
        CannedEndpoints endpoints = new CannedEndpoints();
        try (ServingServer server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024,
                RequestLimits.DEFAULT, ApiKeys.of(List.of("k")), null, new TlsSettings(ks.keystore(), ks.password(), true),
                ServingServer.Protection.DEFAULT), endpoints, endpoints, new ServingMetrics())) {
            assertThat(HttpWarmUp.run(URI.create(server.baseUrl()), 20, 2, server.loopbackTls())).isEqualTo(20);
        }
    }
}
