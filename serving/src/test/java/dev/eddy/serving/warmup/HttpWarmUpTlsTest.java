package dev.eddy.serving.warmup;

import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.CannedEndpoints;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingMetrics;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.http.TestKeystore;
import dev.eddy.serving.http.TlsSettings;
import dev.eddy.serving.http.WarmUpPass;
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
            // Two rounds of 20 at least (a window of 2); the JIT need not be quiet (share 1).
            WarmUp.Settings s = new WarmUp.Settings(java.time.Duration.ofSeconds(30), 20, 40, 2, 10.0, 1.0, 1.0, 2);
            long answered = HttpWarmUp.run(URI.create(server.baseUrl()), 2, server.loopbackTls(), s, WarmUpPass.closed(),
                    HttpWarmUpTest.bodies());
            assertThat(answered).isGreaterThanOrEqualTo(40).matches(n -> n % 20 == 0, "whole rounds");
        }
    }
}
